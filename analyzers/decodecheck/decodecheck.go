package decodecheck

import (
	_ "embed"
	"go/ast"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/inspect"
	"golang.org/x/tools/go/ast/inspector"

	"github.com/drillhq/drill/analyzers/internal/analysisdoc"
	"github.com/drillhq/drill/analyzers/internal/predicate"
)

//go:embed doc.go
var doc string

// Analyzer reports ignored decode errors and responses decoded without a
// status check.
var Analyzer = &analysis.Analyzer{
	Name:     "decodecheck",
	Doc:      analysisdoc.MustExtract(doc, "decodecheck"),
	URL:      "https://pkg.go.dev/github.com/drillhq/drill/analyzers/decodecheck",
	Requires: []*analysis.Analyzer{inspect.Analyzer},
	Run:      run,
}

// The files of this package, by concern:
//
//	ignored.go  Decode and Unmarshal calls whose error is dropped
//	status.go   responses decoded in a function that never checks their status

func run(pass *analysis.Pass) (any, error) {
	ins := pass.ResultOf[inspect.Analyzer].(*inspector.Inspector)
	for cur := range ins.Root().Preorder((*ast.CallExpr)(nil), (*ast.FuncDecl)(nil), (*ast.FuncLit)(nil)) {
		if predicate.InTestCode(pass.TypesInfo, pass.Fset, cur) {
			continue // a failed decode fails the test anyway
		}
		switch n := cur.Node().(type) {
		case *ast.CallExpr:
			checkIgnored(pass, cur, n)
		case *ast.FuncDecl:
			if n.Body != nil {
				checkStatus(pass, n.Body)
			}
		case *ast.FuncLit:
			checkStatus(pass, n.Body)
		}
	}
	return nil, nil
}
