package policy

import (
	"go/ast"
	"go/parser"
	"go/token"
	"go/types"
	"testing"

	"golang.org/x/tools/go/analysis"
)

// A package main is skipped only when no graded test can be linked with
// it. analysistest cannot show the other half: it analyzes a package's
// plain variant as well as its test variant, and go vet only the latter.
func TestLinkedNowhere(t *testing.T) {
	for _, tc := range []struct {
		name  string
		pkg   string
		files map[string]string
		want  bool
	}{
		{"a scratch program", "main", map[string]string{"/ws/ex/cmd/try/main.go": "package main\n"}, true},
		{"a program in several files", "main", map[string]string{
			"/ws/ex/cmd/try/main.go":  "package main\n",
			"/ws/ex/cmd/try/flags.go": "package main\n",
		}, true},
		{"a program with drill's tests in it", "main", map[string]string{
			"/ws/tool/main.go":      "package main\n",
			"/ws/tool/main_test.go": "package main\n",
		}, false},
		{"a program whose //line names a test file", "main", map[string]string{
			"/ws/ex/cmd/try/main.go": "//line main_test.go:1\npackage main\n",
		}, true},
		{"an exercise package", "ex", map[string]string{"/ws/ex/ex.go": "package ex\n"}, false},
		{"a package named mainly", "mainly", map[string]string{"/ws/ex/m/m.go": "package mainly\n"}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			fset := token.NewFileSet()
			var files []*ast.File
			for name, src := range tc.files {
				f, err := parser.ParseFile(fset, name, src, parser.ParseComments)
				if err != nil {
					t.Fatal(err)
				}
				files = append(files, f)
			}
			pass := &analysis.Pass{Fset: fset, Files: files, Pkg: types.NewPackage("drill.workspace/x", tc.pkg)}
			if got := linkedNowhere(pass); got != tc.want {
				t.Errorf("linkedNowhere = %v, want %v", got, tc.want)
			}
		})
	}
}
