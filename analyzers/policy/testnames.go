package policy

import (
	"go/ast"

	"golang.org/x/tools/go/analysis"

	"github.com/drillhq/drill/analyzers/internal/predicate"
)

// testNameMessage follows the name of what a fix reached in drill's tests.
const testNameMessage = " is declared in drill's tests: an exercise fix must not reach into the tests that grade it"

// reportTestNames reports every use, in a judged file, of something
// declared in a test file of the same package: a package-level name, or a
// method or field of a type declared there. drill's tests share the
// package with the fix and are built with it, so without this a fix could
// rewrite the fixtures it is graded against (orders = nil in an init).
// No allow-list spares it: shipped code never does this, and only the
// Analyzer, which has types, can tell a test file's name from a look-alike.
func reportTestNames(pass *analysis.Pass) {
	if pass.TypesInfo == nil {
		return
	}
	for _, f := range pass.Files {
		// The file's real name, as in detect: a //line directive must
		// not make a fix look like a test.
		if tf := pass.Fset.File(f.Pos()); tf != nil && !judged(tf.Name()) {
			continue
		}
		ast.Inspect(f, func(n ast.Node) bool {
			id, ok := n.(*ast.Ident)
			if !ok {
				return true
			}
			// Uses holds the selected name of every selector too
			// (x.f, T.M, promoted fields and methods alike).
			obj := pass.TypesInfo.Uses[id]
			if obj != nil && obj.Pkg() == pass.Pkg && predicate.IsTestFile(pass.Fset, obj.Pos()) {
				pass.Report(analysis.Diagnostic{Pos: id.Pos(), Message: obj.Name() + testNameMessage})
			}
			return true
		})
	}
}
