package analysisdoc

import (
	"strings"
	"testing"
)

const good = `// Package demo defines an analyzer.
//
// # Analyzer demo
//
// demo: a title
//
// A paragraph.
//
// Bad:
//
//	f()
//
// # Other
//
// Not part of the doc.
package demo
`

func TestExtract(t *testing.T) {
	doc, err := Extract(good, "demo")
	if err != nil {
		t.Fatal(err)
	}
	want := "a title\n\nA paragraph.\n\nBad:\n\n\tf()"
	if doc != want {
		t.Errorf("Extract = %q, want %q", doc, want)
	}
}

func TestExtractErrors(t *testing.T) {
	for name, tc := range map[string]struct{ src, analyzer, want string }{
		"no comment": {"package demo\n", "demo", "no package comment"},
		"wrong name": {good, "other", `no "# Analyzer other" section`},
		"no title":   {"// # Analyzer demo\n//\n// just text\npackage demo\n", "demo", `must start with "demo: title"`},
		"not go":     {"this is not go", "demo", "expected 'package'"},
	} {
		_, err := Extract(tc.src, tc.analyzer)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: err = %v, want it to contain %q", name, err, tc.want)
		}
	}
}

func TestMustExtractPanics(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Error("MustExtract of a doc.go without the section did not panic")
		}
	}()
	MustExtract("package demo\n", "demo")
}
