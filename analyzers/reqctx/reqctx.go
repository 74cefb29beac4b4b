package reqctx

import (
	_ "embed"
	"go/ast"
	"go/types"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/inspect"
	"golang.org/x/tools/go/ast/edge"
	"golang.org/x/tools/go/ast/inspector"

	"github.com/drillhq/drill/analyzers/internal/analysisdoc"
	"github.com/drillhq/drill/analyzers/internal/predicate"
)

//go:embed doc.go
var doc string

// Analyzer reports request contexts leaked into goroutines that outlive the
// handler, and contexts replaced by context.Background in request paths.
var Analyzer = &analysis.Analyzer{
	Name:     "reqctx",
	Doc:      analysisdoc.MustExtract(doc, "reqctx"),
	URL:      "https://pkg.go.dev/github.com/drillhq/drill/analyzers/reqctx",
	Requires: []*analysis.Analyzer{inspect.Analyzer},
	Run:      run,
}

func run(pass *analysis.Pass) (any, error) {
	ins := pass.ResultOf[inspect.Analyzer].(*inspector.Inspector)
	for cur := range ins.Root().Preorder((*ast.FuncDecl)(nil), (*ast.FuncLit)(nil)) {
		var (
			ft       *ast.FuncType
			body     *ast.BlockStmt
			bodyEdge edge.Kind
		)
		switch n := cur.Node().(type) {
		case *ast.FuncDecl:
			ft, body, bodyEdge = n.Type, n.Body, edge.FuncDecl_Body
		case *ast.FuncLit:
			ft, body, bodyEdge = n.Type, n.Body, edge.FuncLit_Body
		}
		if body == nil || predicate.InTestCode(pass.TypesInfo, pass.Fset, cur) {
			continue // a test has no client to go away; t.Context() is its own choice
		}
		c := &checker{pass: pass, body: body, bodyCur: cur.ChildAt(bodyEdge, -1)}
		c.params(ft)
		if c.handler {
			c.taint()
			c.goroutines()
		}
		if c.source != "" {
			c.background()
		}
	}
	return nil, nil
}

type checker struct {
	pass      *analysis.Pass
	body      *ast.BlockStmt
	bodyCur   inspector.Cursor // body, for questions about enclosing nodes
	handler   bool             // has http.ResponseWriter and *http.Request parameters
	source    string           // how to reach the caller's context: "r.Context()" or "ctx"
	paramObjs map[types.Object]bool
	tainted   map[types.Object]bool
}

// params records the function's parameters and whether they make it a
// handler or give it a caller's context.
func (c *checker) params(ft *ast.FuncType) {
	var writer bool
	var req, ctx string
	c.paramObjs = map[types.Object]bool{}
	for _, f := range ft.Params.List {
		for _, id := range f.Names {
			if obj := c.pass.TypesInfo.Defs[id]; obj != nil {
				c.paramObjs[obj] = true
			}
		}
		t := c.pass.TypesInfo.TypeOf(f.Type)
		name := "_"
		if len(f.Names) > 0 {
			name = f.Names[0].Name
		}
		switch {
		case t == nil:
		case predicate.IsTypeNamed(t, "net/http", "ResponseWriter"):
			writer = true
		case predicate.IsPointerToNamed(t, "net/http", "Request"):
			req = name
		case predicate.IsTypeNamed(t, "context", "Context"):
			ctx = name
		}
	}
	c.handler = writer && req != "" && req != "_"
	switch {
	case ctx != "" && ctx != "_":
		c.source = ctx
	case req != "" && req != "_":
		c.source = req + ".Context()"
	}
}

// isHandlerLit reports whether a function literal is a handler itself: it
// is checked on its own, with its own request.
func (c *checker) isHandlerLit(lit *ast.FuncLit) bool {
	inner := &checker{pass: c.pass}
	inner.params(lit.Type)
	return inner.handler
}
