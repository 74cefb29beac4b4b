package policy

import (
	"strings"
	"testing"
)

// Every key's message says what is refused and why, on one line.
func TestMessagesGiveAReason(t *testing.T) {
	keys := []string{"import golang.org/x/sys", "import testing/quick", "import drill.workspace/harness",
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
