package cli

import (
	"os"
	"path/filepath"
	"slices"
	"testing"

	"golang.org/x/mod/module"

	"github.com/drillhq/drill/internal/workspace"
)

// A single-line require is as much a requirement as one in a block; the
// go.mod doctor read by hand once dropped it, and a module it needed went
// unchecked.
func TestDoctorReadsEveryRequire(t *testing.T) {
	gomod := []byte(`module drill.workspace

go 1.27.1

require example.com/single v1.2.3

require (
	example.com/block v0.1.0
	github.com/Upper/Case v1.0.0 // indirect
)

replace example.com/replaced v1.0.0 => ../local
`)
	mods, err := requiredModules(gomod)
	if err != nil {
		t.Fatal(err)
	}
	want := []module.Version{
		{Path: "example.com/single", Version: "v1.2.3"},
		{Path: "example.com/block", Version: "v0.1.0"},
		{Path: "github.com/Upper/Case", Version: "v1.0.0"},
	}
	if !slices.Equal(mods, want) {
		t.Fatalf("requiredModules = %v, want %v (a replace is not a requirement)", mods, want)
	}
	if got := goDirective(gomod); got != "1.27.1" {
		t.Fatalf("goDirective = %q, want 1.27.1", got)
	}
	if got := goDirective([]byte("module m\n")); got != fallbackGoDirective {
		t.Fatalf("goDirective of a go.mod without go = %q, want %q", got, fallbackGoDirective)
	}
	if _, err := requiredModules([]byte("require (\n")); err == nil {
		t.Fatal("requiredModules accepted a go.mod that does not parse")
	}
}

// The workspace template, which doctor checks for real, is read whole.
func TestDoctorReadsTheWorkspaceGoMod(t *testing.T) {
	mods, err := requiredModules(workspace.GoMod())
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Contains(mods, module.Version{Path: "modernc.org/sqlite", Version: "v1.61.1"}) || len(mods) < 2 {
		t.Fatalf("requiredModules(workspace go.mod) = %v", mods)
	}
	if got := goDirective(workspace.GoMod()); got == fallbackGoDirective || got == "" {
		t.Fatalf("goDirective(workspace go.mod) = %q: the template's go line was not read", got)
	}
}

// The module cache spells uppercase letters as !lowercase, in paths and
// versions both: a zip stored that way is found, and one stored under the
// raw spelling (the look-alike a naive join would find) is not.
func TestDoctorFindsModulesInTheCache(t *testing.T) {
	cache := t.TempDir()
	put := func(rel string) {
		p := filepath.Join(cache, "cache", "download", filepath.FromSlash(rel))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, nil, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	put("github.com/!upper/!case/@v/v1.0.0-!r!c1.zip")
	put("example.com/raw/@v/v1.0.0.zip")
	put("github.com/Naive/Join/@v/v1.0.0.zip")
	mods := []module.Version{
		{Path: "github.com/Upper/Case", Version: "v1.0.0-RC1"},
		{Path: "example.com/raw", Version: "v1.0.0"},
		{Path: "github.com/Naive/Join", Version: "v1.0.0"},
		{Path: "example.com/absent", Version: "v1.0.0"},
		{Path: "not a module path", Version: "v1.0.0"},
	}
	got := missingModules(cache, mods)
	want := []string{"github.com/Naive/Join@v1.0.0", "example.com/absent@v1.0.0", "not a module path@v1.0.0"}
	if !slices.Equal(got, want) {
		t.Fatalf("missingModules = %q, want %q", got, want)
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
