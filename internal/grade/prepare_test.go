package grade

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// probeRequest is a preparation of a tiny grading module: one dependency
// (goleak) and a harness that imports it.
func probeRequest(t *testing.T) PrepareRequest {
	t.Helper()
	req := PrepareRequest{
		Workspace: t.TempDir(),
		GoMod:     []byte("module drill.workspace\n\ngo 1.26.0\n\nrequire go.uber.org/goleak v1.3.0\n"),
		GoSum: []byte("go.uber.org/goleak v1.3.0 h1:2K3zAYmnTNqV73imy9J1T3WC+gmCePx2hEGkimedGto=\n" +
			"go.uber.org/goleak v1.3.0/go.mod h1:CoHD4mav9JJNrW/WLlf7HGZPjdw8EucARQHekz1X6bE=\n"),
		Harness:    map[string][]byte{"h.go": []byte("package harness\n\nimport _ \"go.uber.org/goleak\"\n")},
		HarnessDir: "harness",
		Imports:    []string{"go.uber.org/goleak"},
	}
	// The workspace holds the same go.mod and go.sum, as drill init writes.
	for name, data := range map[string][]byte{"go.mod": req.GoMod, "go.sum": req.GoSum} {
		if err := os.WriteFile(filepath.Join(req.Workspace, name), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return req
}

// With no module cache and no way to fetch (GOPROXY=off), preparing and
// probing both say this machine cannot grade, with the command to run
// online; neither blames the code.
func TestPrepareOfflineIsAnEnvError(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the go command")
	}
	t.Setenv("GOMODCACHE", t.TempDir())
	t.Setenv("GOPROXY", "off")
	req := probeRequest(t)
	var steps []string
	req.Step = func(what string) func(error) {
		steps = append(steps, what)
		return func(error) {}
	}
	err := Prepare(context.Background(), req)
	envErr, ok := errors.AsType[*EnvError](err)
	if !ok {
		t.Fatalf("Prepare offline = %v, want an *EnvError", err)
	}
	if !strings.Contains(envErr.Problem, "not available offline") || !strings.Contains(envErr.Remedy, "go mod download` in "+req.Workspace) {
		t.Fatalf("Prepare offline: %q / remedy %q", envErr.Problem, envErr.Remedy)
	}
	if len(steps) != 1 {
		t.Fatalf("steps after a failed download: %q, want only the download", steps)
	}

	_, err = ProbeImports(context.Background(), req)
	envErr, ok = errors.AsType[*EnvError](err)
	if !ok || !strings.Contains(envErr.Problem, "go.uber.org/goleak") || !strings.Contains(envErr.Remedy, "drill next") {
		t.Fatalf("ProbeImports offline = %v, want an *EnvError naming goleak", err)
	}
}

// With the module cache the test run itself uses, everything resolves.
func TestProbeImportsResolves(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the go command")
	}
	t.Setenv("GOPROXY", "off")
	if n, err := ProbeImports(context.Background(), probeRequest(t)); err != nil || n != 1 {
		t.Fatalf("ProbeImports with a full module cache = %d, %v; want goleak's module alone", n, err)
	}
	req := probeRequest(t)
	req.Imports = append(req.Imports, "example.com/not/required")
	if _, err := ProbeImports(context.Background(), req); err == nil {
		t.Fatal("ProbeImports resolved a package no module provides")
	}
}

// The key changes with every go.sum and with the toolchain's settings, so
// a marker from another module set or another GOMODCACHE is not trusted.
func TestPrepareKey(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the go command")
	}
	ctx := context.Background()
	key := func(sums ...[]byte) string {
		t.Helper()
		k, err := PrepareKey(ctx, "", sums...)
		if err != nil {
			t.Fatal(err)
		}
		return k
	}
	a := key([]byte("x"), []byte("y"))
	if a != key([]byte("x"), []byte("y")) {
		t.Fatal("PrepareKey is not stable")
	}
	if a == key([]byte("x"), []byte("z")) || a == key([]byte("x"), []byte("y\n")) || a == key([]byte("xy"), nil) {
		t.Fatal("PrepareKey ignores a go.sum's content or where one ends")
	}
	t.Setenv("GOMODCACHE", t.TempDir())
	if a == key([]byte("x"), []byte("y")) {
		t.Fatal("PrepareKey ignores GOMODCACHE")
	}
	cancelled, cancel := context.WithCancel(ctx)
	cancel()
	if _, err := PrepareKey(cancelled, ""); !errors.Is(err, context.Canceled) {
		t.Fatalf("PrepareKey after Ctrl-C = %v, want context.Canceled (not a machine that cannot grade)", err)
	}
}

func TestListProblems(t *testing.T) {
	got := listProblems("b\n\n  a \ngo: downloading x v1\nb\nc\nd\ne\n")
	want := []string{"a", "b", "c", "2 more"}
	if !slices.Equal(got, want) {
		t.Fatalf("listProblems = %q, want %q", got, want)
	}
}

// With the modules in the cache, both steps run and succeed offline.
func TestPrepareBuilds(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the go command")
	}
	t.Setenv("GOPROXY", "off")
	req := probeRequest(t)
	var steps []string
	req.Step = func(what string) func(error) {
		return func(err error) { steps = append(steps, fmt.Sprintf("%s: %v", what, err)) }
	}
	if err := Prepare(context.Background(), req); err != nil {
		t.Fatalf("Prepare: %v", err)
	}
	if len(steps) != 2 || !strings.HasSuffix(steps[0], ": <nil>") || !strings.HasSuffix(steps[1], ": <nil>") {
		t.Fatalf("steps: %q, want two that succeeded", steps)
	}
	// A harness that does not compile fails the build step, as an error
	// that says which command failed, not as a machine that cannot grade.
	req.Harness = map[string][]byte{"h.go": []byte("package harness\n\nfunc (\n")}
	err := Prepare(context.Background(), req)
	if _, isEnv := errors.AsType[*EnvError](err); err == nil || isEnv || !strings.Contains(err.Error(), "go build -race failed") {
		t.Fatalf("Prepare of a broken harness = %v", err)
	}
}
