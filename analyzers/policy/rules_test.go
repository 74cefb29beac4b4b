package policy

import (
	"strings"
	"testing"
)

// Every key's message says what is refused and why, on one line.
func TestMessagesGiveAReason(t *testing.T) {
	keys := []string{"import golang.org/x/sys", "import testing/quick", "import drill.workspace/harness",
		"import debug/elf", "import debug/buildinfo",
		"//go:build", "//go:linkname", "//go:norace", "//go:embed", "//go:noinline", "//line"}
	for path := range importReasons {
		keys = append(keys, "import "+path)
	}
	for path, names := range selectorReasons {
		for name := range names {
			keys = append(keys, path+"."+name)
		}
	}
	for _, n := range stringNeedles {
		keys = append(keys, n.key)
	}
	for _, key := range keys {
		m := message(key)
		what, why, ok := strings.Cut(m, " is not allowed in an exercise fix: ")
		if !ok || what == "" || strings.Contains(m, "\n") ||
			!strings.HasSuffix(why, " (the shipped code does not use it)") ||
			strings.TrimSuffix(why, " (the shipped code does not use it)") == "" {
			t.Errorf("message(%q) = %q: want one line saying what, why, and that the shipped code does not", key, m)
		}
	}
}

func TestDirectiveKey(t *testing.T) {
	for text, want := range map[string]string{
		"//go:linkname f runtime.f": "//go:linkname",
		"//go:norace":               "//go:norace",
		"//go:build\trace":          "//go:build",
		"//go:norace,x":             "//go:norace",
		"// +build race":            "//go:build",
		"//+build race":             "//go:build",
		"//line a.go:1":             "//line",
		"/*line a.go:1:1*/":         "//line",
		"//go:generate go run gen":  "",
		"//go:fix inline":           "",
		"//go:fix":                  "",
		"//go:fixme later":          "//go:fixme",
		"//go:note to self":         "//go:note",
		"// go:linkname in prose":   "",
		"// uses //go:norace":       "",
		"/* //go:norace */":         "",
		"//lines of text":           "",
		"// +builder":               "",
	} {
		got, ok := directiveKey(text)
		if got != want || ok != (want != "") {
			t.Errorf("directiveKey(%q) = %q, %v; want %q", text, got, ok, want)
		}
	}
}

// An import's message names the reason of its family.
func TestImportReasons(t *testing.T) {
	for path, want := range map[string]string{
		"debug/elf":               whyMemory,
		"debug/dwarf":             whyMemory,
		"runtime/debug":           whyDetects,
		"runtime/pprof":           whyDetects,
		"net/http/cgi":            whySpawns,
		"testing/quick":           whyDetects,
		"golang.org/x/sys":        whyEscapes,
		"drill.workspace/harness": whyHarness,
	} {
		if got := importReason(path); got != want {
			t.Errorf("importReason(%q) = %q, want %q", path, got, want)
		}
	}
}

func TestExerciseRoot(t *testing.T) {
	for pkg, want := range map[string]string{
		"drill.workspace/totals":                "drill.workspace/totals",
		"drill.workspace/totals/internal/money": "drill.workspace/totals",
		"drill.workspace/totals/cmd/try":        "drill.workspace/totals",
		"drill.workspace":                       "",
		"drill.workspaces/totals":               "",
		"example.com/drill.workspace/totals":    "",
		"totals":                                "",
	} {
		if got := exerciseRoot(pkg); got != want {
			t.Errorf("exerciseRoot(%q) = %q, want %q", pkg, got, want)
		}
	}
}

// Every package of the exercise is the learner's; the rest of the
// workspace is not, however its path begins.
func TestImportKeyExerciseRoot(t *testing.T) {
	const root = "drill.workspace/totals"
	for path, refused := range map[string]bool{
		"drill.workspace/totals":                false,
		"drill.workspace/totals/internal/money": false,
		"drill.workspace/totals/internal/sumof": false,
		"drill.workspace/totalsx":               true,
		"drill.workspace/harness":               true,
		"drill.workspace/0verdictkey":           true,
		"drill.workspace":                       true,
		"debug/elf":                             true,
		"fmt":                                   false,
	} {
		if _, got := importKey(path, root); got != refused {
			t.Errorf("importKey(%q, %q) refused = %v, want %v", path, root, got, refused)
		}
		// Without a root (Uses, from syntax alone), every workspace
		// import counts.
		if _, got := importKey(path, ""); strings.HasPrefix(path, workspaceModule) && !got {
			t.Errorf("importKey(%q, \"\") is allowed, want refused", path)
		}
	}
}
