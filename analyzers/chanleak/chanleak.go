package chanleak

import (
	_ "embed"
	"go/ast"
	"iter"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/ctrlflow"
	"golang.org/x/tools/go/analysis/passes/inspect"
	"golang.org/x/tools/go/ast/edge"
	"golang.org/x/tools/go/ast/inspector"
	"golang.org/x/tools/go/cfg"

	"github.com/drillhq/drill/analyzers/internal/analysisdoc"
)

//go:embed doc.go
var doc string

// Analyzer reports sends that can never complete.
var Analyzer = &analysis.Analyzer{
	Name:     "chanleak",
	Doc:      analysisdoc.MustExtract(doc, "chanleak"),
	URL:      "https://pkg.go.dev/github.com/drillhq/drill/analyzers/chanleak",
	Requires: []*analysis.Analyzer{ctrlflow.Analyzer, inspect.Analyzer},
	Run:      run,
}

func run(pass *analysis.Pass) (any, error) {
	cfgs := pass.ResultOf[ctrlflow.Analyzer].(*ctrlflow.CFGs)
	ins := pass.ResultOf[inspect.Analyzer].(*inspector.Inspector)
	for cur := range ins.Root().Preorder((*ast.FuncDecl)(nil), (*ast.FuncLit)(nil)) {
		switch f := cur.Node().(type) {
		case *ast.FuncDecl:
			if f.Body != nil {
				checkFunc(pass, cfgs, f.Name.Name, cur.ChildAt(edge.FuncDecl_Body, -1), cfgs.FuncDecl(f))
			}
		case *ast.FuncLit:
			checkFunc(pass, cfgs, "the func literal", cur.ChildAt(edge.FuncLit_Body, -1), cfgs.FuncLit(f))
		}
	}
	return nil, nil
}

// checkFunc reports, for each channel the function at body makes, the
// first send that a return or the next iteration strands.
func checkFunc(pass *analysis.Pass, cfgs *ctrlflow.CFGs, name string, body inspector.Cursor, g *cfg.CFG) {
	if g == nil {
		return
	}
	info := pass.TypesInfo
	for _, ch := range channels(info, body) {
		checkReady(pass, cfgs, name, body, ch)
		if !classify(info, cfgs, body, ch) {
			continue
		}
		a := &leakFinder{info: info, body: body, g: g, ch: ch}
		if l := a.find(); l != nil {
			report(pass, name, body, ch, l)
		}
	}
}

// enclosing yields the nodes around c, innermost first, from its parent up
// to but not including body: the ancestors inside the function checked.
func enclosing(c, body inspector.Cursor) iter.Seq[inspector.Cursor] {
	return func(yield func(inspector.Cursor) bool) {
		for p := range c.Parent().Enclosing() {
			if p == body || !yield(p) {
				return
			}
		}
	}
}
