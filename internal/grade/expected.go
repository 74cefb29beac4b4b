package grade

import (
	"go/ast"
	"go/parser"
	"go/token"
	"sort"
	"strings"
)

// TestNames lists the top-level Test functions declared in the *_test.go
// files among files: the tests a check expects to see pass. Knowing them
// up front means a test that never reported (the binary crashed or exited
// first, or a run was narrowed to other tests) is a named failure rather
// than silently absent.
func TestNames(files map[string][]byte) []string {
	var names []string
	fset := token.NewFileSet()
	for name, src := range files {
		if !strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, name, src, parser.SkipObjectResolution)
		if err != nil {
			continue // the build reports it
		}
		for _, d := range f.Decls {
			fn, ok := d.(*ast.FuncDecl)
			if ok && fn.Recv == nil && isTestName(fn.Name.Name) && fn.Type.Params.NumFields() == 1 {
				names = append(names, fn.Name.Name)
			}
		}
	}
	sort.Strings(names)
	return names
}

// isTestName follows the go command's rule: Test, then nothing or a
// character that is not a lowercase letter.
func isTestName(name string) bool {
	rest, ok := strings.CutPrefix(name, "Test")
	if !ok || name == "TestMain" {
		return false
	}
	return rest == "" || !(rest[0] >= 'a' && rest[0] <= 'z')
}
