package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/drillhq/drill/internal/workspace"
)

// The go line is read from the workspace's go.mod, whatever else it holds.
func TestDoctorGoDirective(t *testing.T) {
	gomod := []byte(`module drill.workspace

go 1.27.1

require example.com/single v1.2.3
`)
	if got := goDirective(gomod); got != "1.27.1" {
		t.Fatalf("goDirective = %q, want 1.27.1", got)
	}
	if got := goDirective([]byte("module m\n")); got != fallbackGoDirective {
		t.Fatalf("goDirective of a go.mod without go = %q, want %q", got, fallbackGoDirective)
	}
	if got := goDirective(workspace.GoMod()); got == fallbackGoDirective || got == "" {
		t.Fatalf("goDirective(workspace go.mod) = %q: the template's go line was not read", got)
	}
}

// A user who installed with go install has no source folder to run make
// install in: only inside a clone of drill is that the remedy.
func TestDoctorReinstallRemedy(t *testing.T) {
	clone := t.TempDir()
	write := func(p, data string) {
		t.Helper()
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write(filepath.Join(clone, "go.mod"), "module github.com/drillhq/drill\n\ngo 1.26.0\n")
	write(filepath.Join(clone, "internal", "cli", "x.go"), "package cli\n")
	if got := reinstallRemedy(filepath.Join(clone, "internal", "cli")); !strings.Contains(got, "make install in "+clone) {
		t.Errorf("in a clone: remedy %q, want make install in %s", got, clone)
	}
	other := filepath.Join(clone, "testdata", "other")
	write(filepath.Join(other, "go.mod"), "module example.com/other\n")
	for _, dir := range []string{other, t.TempDir()} {
		got := reinstallRemedy(dir)
		if strings.Contains(got, "make install") || !strings.Contains(got, "go install github.com/drillhq/drill/cmd/...@latest") {
			t.Errorf("outside a clone (%s): remedy %q, want go install ...@latest", dir, got)
		}
	}
}

func TestDoctorVersionAtLeast(t *testing.T) {
	for _, c := range []struct {
		have, need string
		want       bool
	}{
		{"go1.26.8", "go1.26.0", true},
		{"go1.26.0", "go1.26.0", true},
		{"go1.27.0", "go1.26.0", true},
		{"go1.30.1", "go1.26.0", true},
		// Numbers, not strings: 1.100 is after 1.26.
		{"go1.100.0", "go1.26.0", true},
		{"go1.26.10", "go1.26.9", true},
		{"go1.26.8 X:nodwarf5", "go1.26.0", true},
		{"go1.26.8-bigcorp", "go1.26.0", true},
		{"go1.25.9", "go1.26.0", false},
		{"go1.9.0", "go1.26.0", false},
		{"go1.26.9", "go1.26.10", false},
		// A release candidate cannot build a module that asks for the release.
		{"go1.26rc1", "go1.26.0", false},
		{"go1.26rc2", "go1.26rc1", true},
		// What doctor cannot read as a version is not new enough.
		{"", "go1.26.0", false},
		{"devel go1.27-abcdef", "go1.26.0", false},
	} {
		if got := versionAtLeast(c.have, c.need); got != c.want {
			t.Errorf("versionAtLeast(%q, %q) = %v, want %v", c.have, c.need, got, c.want)
		}
	}
}
