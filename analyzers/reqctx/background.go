package reqctx

import (
	"go/ast"
	"go/token"

	"golang.org/x/tools/go/ast/edge"
	"golang.org/x/tools/go/ast/inspector"

	"github.com/drillhq/drill/analyzers/internal/predicate"
)

// context.Background and context.TODO where the caller's context is at
// hand.

// background reports context.Background()/TODO() in the synchronous part of
// a function that has a request or a context: not in goroutines, deferred
// calls or nested function literals, and not where Background is a default
// for a nil context parameter (ctx = context.Background()), a value compared
// against (ctx != context.Background()) or a field of a composite literal.
func (c *checker) background() {
	c.bodyCur.Inspect(nil, func(cur inspector.Cursor) bool {
		switch n := cur.Node().(type) {
		case *ast.FuncLit, *ast.GoStmt, *ast.DeferStmt:
			return false
		case *ast.CallExpr:
			if c.launched(n) != nil {
				return false
			}
			if f := predicate.CalleeFunc(c.pass.TypesInfo, n); predicate.IsFunctionNamed(f, "context", "Background", "TODO") && !c.exempt(cur) && !c.afterDone(cur) && !c.ownedLifetime(cur) {
				c.pass.Reportf(n.Pos(), "context.%s() drops the caller's cancellation: a cancelled or timed-out request keeps this work (and its pooled connection) running; derive the context from %s (or use context.WithoutCancel(%s) if the work must outlive the request)", f.Name(), c.source, c.source)
				return false
			}
		}
		return true
	})
}

// exempt reports whether the call at call, through any parentheses, is
// compared with == or !=, assigned to a parameter of the function, or an
// element (or a keyed element's value) of a composite literal.
func (c *checker) exempt(call inspector.Cursor) bool {
	e := call
	for e.ParentEdgeKind() == edge.ParenExpr_X {
		e = e.Parent()
	}
	switch k, i := e.ParentEdge(); k {
	case edge.BinaryExpr_X, edge.BinaryExpr_Y:
		op := e.Parent().Node().(*ast.BinaryExpr).Op
		return op == token.EQL || op == token.NEQ
	case edge.AssignStmt_Rhs:
		as := e.Parent().Node().(*ast.AssignStmt)
		if i >= len(as.Lhs) {
			return false
		}
		id := predicate.Ident(as.Lhs[i])
		return id != nil && c.paramObjs[c.pass.TypesInfo.ObjectOf(id)]
	case edge.CompositeLit_Elts:
		return true
	case edge.KeyValueExpr_Value:
		return e.Parent().ParentEdgeKind() == edge.CompositeLit_Elts
	}
	return false
}
