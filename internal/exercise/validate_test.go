package exercise

import (
	"errors"
	"strings"
	"testing"
	"testing/fstest"
)

// A folder pack.json does not list is refused by name, whether or not it
// looks like a finished exercise: either way it would never be handed out.
func TestLoadRefusesUnlistedFolder(t *testing.T) {
	for name, files := range map[string][]string{
		"full exercise": {"extra/exercise.json", "extra/code/extra.go"},
		"stray folder":  {"extra/notes.txt"},
	} {
		t.Run(name, func(t *testing.T) {
			m := validPack()
			for _, f := range files {
				m[f] = &fstest.MapFile{Data: []byte("package extra\n")}
			}
			_, err := Load(m, "pack", known)
			var e *Error
			if !errors.As(err, &e) || e.File != "pack/extra" {
				t.Fatalf("Load = %v, want an *Error for pack/extra", err)
			}
			for _, want := range []string{"pack.json's order does not list it", `add "extra" to order`} {
				if !strings.Contains(err.Error(), want) {
					t.Errorf("error %q does not contain %q", err, want)
				}
			}
		})
	}
}

// The look-alikes: dot-folders (a pack kept in git) and plain files at the
// root are not exercises and load fine.
func TestLoadIgnoresDotFoldersAndRootFiles(t *testing.T) {
	m := validPack()
	m[".git/config"] = &fstest.MapFile{Data: []byte("[core]\n")}
	m[".github/workflows/ci.yml"] = &fstest.MapFile{Data: []byte("on: push\n")}
	m["README.md"] = &fstest.MapFile{Data: []byte("Our team's pack.\n")}
	if _, err := Load(m, "pack", known); err != nil {
		t.Fatal(err)
	}
}

// lintPack is validPack with an alternative and a mistake, all gofmt'd.
func lintPack() fstest.MapFS {
	m := validPack()
	m["leak/solution/leak.go"] = &fstest.MapFile{Data: []byte("package leak\n\n// fixed\n")}
	m["leak/alternatives/defer-close/README.md"] = &fstest.MapFile{Data: []byte("Close with defer.")}
	m["leak/alternatives/defer-close/leak.go"] = &fstest.MapFile{Data: []byte("package leak\n\nfunc F() {}\n")}
	m["leak/mistakes/half/README.md"] = &fstest.MapFile{Data: []byte("Fixes one path of two.")}
	m["leak/mistakes/half/leak.go"] = &fstest.MapFile{Data: []byte("package leak\n\nfunc F() {}\n")}
	return m
}

func lint(t *testing.T, m fstest.MapFS) error {
	t.Helper()
	p, err := Load(m, "pack", known)
	if err != nil {
		t.Fatal(err)
	}
	return p.Lint()
}

// An unformatted Go file in any tree an exercise ships is named, alone.
func TestLintNamesUnformattedFile(t *testing.T) {
	if err := lint(t, lintPack()); err != nil {
		t.Fatalf("a formatted pack: Lint = %v", err)
	}
	for _, f := range []string{
		"leak/code/sub/helper.go",
		"leak/solution/leak.go",
		"leak/hidden/leak_test.go",
		"leak/alternatives/defer-close/leak.go",
		"leak/mistakes/half/leak.go",
	} {
		t.Run(f, func(t *testing.T) {
			m := lintPack()
			m[f] = &fstest.MapFile{Data: []byte("package leak\nfunc  F( ) {}\n")}
			err := lint(t, m)
			var e *Error
			if !errors.As(err, &e) || e.File != "pack/"+f {
				t.Fatalf("Lint = %v, want an *Error for pack/%s", err, f)
			}
			if n := strings.Count(err.Error(), "is not gofmt'd: run gofmt -w"); n != 1 {
				t.Fatalf("Lint = %q: %d files reported, want 1", err, n)
			}
		})
	}
}

func TestLintReportsEveryFileAndBadSyntax(t *testing.T) {
	m := lintPack()
	m["leak/code/leak.go"] = &fstest.MapFile{Data: []byte("package leak\nvar  x = 1\n")}
	m["leak/solution/leak.go"] = &fstest.MapFile{Data: []byte("package leak\nfunc {\n")}
	err := lint(t, m)
	for _, want := range []string{
		"pack/leak/code/leak.go: is not gofmt'd",
		"pack/leak/solution/leak.go: is not valid Go",
	} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("Lint = %v, want it to say %q", err, want)
		}
	}
}

// Only .go files are formatted: notes and READMEs are the author's own.
func TestLintSkipsOtherFiles(t *testing.T) {
	m := lintPack()
	m["leak/code/leak_visible.md"] = &fstest.MapFile{Data: []byte("package leak\nfunc  F( ) {}\n")}
	m["leak/mistakes/half/README.md"] = &fstest.MapFile{Data: []byte("Fixes  one path of two.\nfunc  F( ) {}\n")}
	if err := lint(t, m); err != nil {
		t.Fatalf("Lint = %v, want nil: no .go file is unformatted", err)
	}
}
