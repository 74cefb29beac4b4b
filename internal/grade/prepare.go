package grade

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"golang.org/x/mod/modfile"
)

// Preparation is what the first drill init or drill next does so that the
// first check neither needs the network nor spends minutes compiling: it
// downloads the workspace's modules and compiles the race-instrumented
// build of everything the hidden tests link (SQLite's transpiled C alone
// takes about a minute) into the go command's build cache, under exactly
// the environment a check uses (env.go), so the check finds it there.
//
// The compilation happens in a throwaway copy of the grading module (a
// check's temporary folder, swept if drill is killed), not in drill's
// cache: the go command's build cache is keyed by content, not folder,
// for every package of the module cache.

// PrepareRequest describes one preparation.
type PrepareRequest struct {
	// Workspace is the learner's workspace: go mod download runs there.
	Workspace string
	// GoMod, GoSum, Harness and HarnessDir are the grading module's files,
	// as in Request.
	GoMod, GoSum []byte
	Harness      map[string][]byte
	HarnessDir   string
	// Imports are the other packages hidden tests import (pgx's stdlib,
	// x/sync): they are compiled along with the harness.
	Imports []string
	GoCmd   string // "go" when empty
	// Step is called as each step starts with what it does; the function
	// it returns is called when the step ends, with its error.
	Step func(what string) (done func(error))
}

// Prepare downloads the workspace's modules and compiles the hidden
// tests' dependencies with -race. A module that cannot be fetched is an
// *EnvError saying which command to run with the network on. Cancelling
// ctx stops the go command; what it left in its caches is complete or
// absent (the go command writes them atomically), so no later run trusts
// half a preparation.
func Prepare(ctx context.Context, req PrepareRequest) error {
	goCmd := goCommand(req.GoCmd)
	tmp, err := newCheckTemp()
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	env, err := newGoEnv(ctx, goCmd, tmp)
	if ctx.Err() != nil {
		return ctx.Err() // Ctrl-C, not a machine that cannot grade
	}
	if err != nil {
		return err
	}
	step := req.Step
	if step == nil {
		step = func(string) func(error) { return func(error) {} }
	}
	remedy := fmt.Sprintf("with the network on, run `go mod download` in %s (or drill next again)", req.Workspace)

	done := step("Downloading the workspace's modules (go mod download)")
	err = runStep(ctx, req.Workspace, goCmd, env.base, remedy, "go mod download", "mod", "download")
	done(err)
	if err != nil {
		return err
	}

	done = step("Compiling the hidden tests' dependencies with -race (once per Go version; a few minutes)")
	root, err := writeProbeModule(tmp, req)
	if err == nil {
		err = runStep(ctx, root, goCmd, env.base, remedy, "go build -race", "build", "-race", "./...")
	}
	done(err)
	return err
}

// runStep runs one go command of a preparation and turns its failure into
// the reason: a module that cannot be fetched, a toolchain that cannot
// build with -race, or the command's own output. Only a failed command is
// read: a successful go build prints "go: downloading" too.
func runStep(ctx context.Context, dir, goCmd string, env []string, remedy, name string, args ...string) error {
	cmd := exec.CommandContext(ctx, goCmd, args...)
	cmd.Dir, cmd.Env = dir, env
	killGroupOnCancel(cmd)
	out := newCapped()
	cmd.Stdout, cmd.Stderr = out, out
	err := cmd.Run()
	if ctx.Err() != nil {
		return ctx.Err()
	}
	if _, ok := errors.AsType[*exec.ExitError](err); !ok {
		if err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
		return nil
	}
	text := string(out.Bytes())
	if envErr := moduleUnavailable(text); envErr != nil {
		envErr.Remedy = remedy
		return envErr
	}
	if envErr := raceUnavailable(text); envErr != nil {
		return envErr
	}
	return fmt.Errorf("%s failed: %s", name, firstLine(text))
}

// ProbeImports resolves the packages a graded build needs, offline, from
// the grading module's files: `go list -deps -test` of a package whose
// test imports the harness and whose code imports the hidden tests' other
// imports. It returns how many modules provide them; a package that cannot
// be resolved is an *EnvError naming the missing modules. It never
// downloads anything (GOPROXY=off).
func ProbeImports(ctx context.Context, req PrepareRequest) (modules int, err error) {
	goCmd := goCommand(req.GoCmd)
	tmp, err := newCheckTemp()
	if err != nil {
		return 0, err
	}
	defer os.RemoveAll(tmp)
	env, err := newGoEnv(ctx, goCmd, tmp)
	if err != nil {
		return 0, err
	}
	root, err := writeProbeModule(tmp, req)
	if err != nil {
		return 0, err
	}
	offline := append(slices.Clip(env.base), "GOPROXY=off")
	// One line per package: its module (none for the standard library),
	// then any error loading it, prefixed "!". Each dependency is listed
	// too (-deps), so its own error names it; DepsErrors would repeat it
	// without the package's path.
	const format = `{{with .Module}}{{if not .Main}}{{.Path}}@{{.Version}}{{end}}{{end}}` +
		`{{with .Error}}{{"\n"}}!{{$.ImportPath}}: {{.Err}}{{end}}`
	stdout, stderr, err := runGo(ctx, root, goCmd, offline, 2*time.Minute,
		"list", "-deps", "-test", "-e", "-f", format, "./"+probeDir)
	if ctx.Err() != nil {
		return 0, ctx.Err()
	}
	if err != nil {
		return 0, fmt.Errorf("go list: %w", err)
	}
	mods, errs := map[string]bool{}, string(stderr)
	for line := range strings.SplitSeq(string(stdout), "\n") {
		if msg, ok := strings.CutPrefix(line, "!"); ok {
			errs += "\n" + msg
		} else if line = strings.TrimSpace(line); line != "" {
			mods[line] = true
		}
	}
	if problems := listProblems(errs); len(problems) > 0 {
		return 0, &EnvError{
			Problem: "grading cannot resolve its packages offline: " + strings.Join(problems, "; "),
			Remedy:  "with the network on, run drill next in your workspace once (it runs go mod download there)",
		}
	}
	return len(mods), nil
}

// listProblems reduces go list's errors to distinct lines, at most a few:
// one missing module is reported by every package that imports it. The
// go command's "go: downloading" notes say what it tried, not what failed.
func listProblems(out string) []string {
	seen := map[string]bool{}
	for line := range strings.SplitSeq(out, "\n") {
		if line = strings.TrimSpace(line); line != "" && !strings.HasPrefix(line, "go: downloading ") {
			seen[line] = true
		}
	}
	problems := make([]string, 0, len(seen))
	for p := range seen {
		problems = append(problems, p)
	}
	sort.Strings(problems)
	if len(problems) > 3 {
		problems = append(problems[:3], strconv.Itoa(len(problems)-3)+" more")
	}
	return problems
}

// probeDir is the probe package's folder in the probe module.
const probeDir = "drillprobe"

// writeProbeModule writes, below tmp, the grading module's go.mod, go.sum
// and harness, plus a package that imports req.Imports and whose test
// imports the harness: a graded package's dependencies without an
// exercise. It returns the module's root.
func writeProbeModule(tmp string, req PrepareRequest) (string, error) {
	root := filepath.Join(tmp, "module")
	var code strings.Builder
	code.WriteString("// Package drillprobe imports what hidden tests import.\npackage drillprobe\n\nimport (\n")
	for _, imp := range req.Imports {
		fmt.Fprintf(&code, "\t_ %q\n", imp)
	}
	code.WriteString(")\n")
	harnessImport := modfile.ModulePath(req.GoMod) + "/" + req.HarnessDir
	test := fmt.Sprintf("package drillprobe\n\nimport _ %q\n", harnessImport)
	if err := syncDir(filepath.Join(root, filepath.FromSlash(req.HarnessDir)), req.Harness); err != nil {
		return "", err
	}
	files := map[string][]byte{
		"go.mod":                    req.GoMod,
		"go.sum":                    req.GoSum,
		probeDir + "/probe.go":      []byte(code.String()),
		probeDir + "/probe_test.go": []byte(test),
	}
	for name, data := range files {
		if err := syncFile(filepath.Join(root, filepath.FromSlash(name)), data); err != nil {
			return "", err
		}
	}
	return root, nil
}

// PrepareKey identifies what a preparation depends on: the toolchain, the
// caches it filled and the modules (the go.sum files given). A marker
// holding an equal key means the preparation need not run again.
func PrepareKey(ctx context.Context, goCmd string, sums ...[]byte) (string, error) {
	cmd := exec.CommandContext(ctx, goCommand(goCmd), "env", "GOVERSION", "GOOS", "GOARCH", "GOCACHE", "GOMODCACHE")
	// As newGoEnv reads them: GOFLAGS could make go env itself fail.
	cmd.Env = append(os.Environ(), "GOFLAGS=", "GOWORK=off", "GOTOOLCHAIN=local")
	out, err := cmd.Output()
	if ctx.Err() != nil {
		return "", ctx.Err()
	}
	if err != nil {
		return "", &EnvError{Problem: "go env failed: " + err.Error(), Remedy: "check that `go env` works in your shell"}
	}
	h := sha256.New()
	fmt.Fprintf(h, "drill prepare v1\n%s\n", out)
	for _, s := range sums {
		fmt.Fprintf(h, "%d\n", len(s))
		h.Write(s)
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

func goCommand(goCmd string) string {
	if goCmd == "" {
		return "go"
	}
	return goCmd
}
