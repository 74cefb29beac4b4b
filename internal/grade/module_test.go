package grade

import (
	"bytes"
	"strings"
	"testing"
)

// Track goes after the opening brace of every top-level test, on the same
// line: every later line keeps its number, so test output still points at
// the right place.
func TestInsertTrack(t *testing.T) {
	src := []byte("package a\n\nimport \"testing\"\n\nfunc TestA(t *testing.T) {\n\tt.Log(1)\n}\n\nfunc TestB(tt *testing.T) { tt.Log(2) }\n\nfunc helper(t *testing.T) {}\n\nfunc TestC(_ *testing.T) {}\n")
	tracked := map[string]bool{}
	out, pkg, err := insertTrack("a_test.go", src, tracked)
	if err != nil {
		t.Fatal(err)
	}
	if pkg != "a" {
		t.Errorf("package = %q, want a", pkg)
	}
	if bytes.Count(out, []byte("\n")) != bytes.Count(src, []byte("\n")) {
		t.Errorf("line count changed:\n%s", out)
	}
	for _, want := range []string{"func TestA(t *testing.T) { drillTrack(t);\n", "func TestB(tt *testing.T) { drillTrack(tt); tt.Log(2) }"} {
		if !strings.Contains(string(out), want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(string(out), "func helper(t *testing.T) { drillTrack") {
		t.Error("a helper that is not a test was tracked")
	}
	if !tracked["TestA"] || !tracked["TestB"] || tracked["TestC"] {
		t.Errorf("tracked = %v, want TestA and TestB (TestC has no parameter name to pass)", tracked)
	}
}

// A graded test that cannot report is an authoring error drill names,
// never a test that silently counts as missing.
func TestWritePackageRefusesUntrackableTest(t *testing.T) {
	m := &gradeModule{root: t.TempDir()}
	m.pkgDir = m.root + "/a"
	err := m.writePackage(map[string][]byte{"a.go": []byte("package a\n")},
		map[string][]byte{"a_test.go": []byte("package a\n\nimport \"testing\"\n\nfunc TestC(_ *testing.T) {}\n")},
		"drill.workspace/harness", "drill.workspace/0verdictkey")
	if err == nil || !strings.Contains(err.Error(), "TestC cannot report its result") {
		t.Fatalf("err = %v, want TestC named", err)
	}
}
