package reqctx

import (
	"go/ast"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/ast/inspector"
)

// Shutdown after the caller's context is done.

// afterDone reports whether the call at cur runs only once the caller's
// context is already done: inside a `case <-ctx.Done():` clause, or after
// a `<-ctx.Done()` statement in an enclosing block. Shutdown and cleanup
// there need a context of their own (srv.Shutdown(context.Background())):
// deriving it from the done context would cancel them before they start,
// so the suggested fix would be wrong.
func (c *checker) afterDone(cur inspector.Cursor) bool {
	for anc := range cur.Enclosing((*ast.CommClause)(nil), (*ast.BlockStmt)(nil), (*ast.FuncLit)(nil)) {
		switch n := anc.Node().(type) {
		case *ast.FuncLit:
			return false // another function's timeline
		case *ast.CommClause:
			if es, ok := n.Comm.(*ast.ExprStmt); ok && c.isDoneRecv(es.X) {
				return true
			}
		case *ast.BlockStmt:
			for _, st := range n.List {
				if st.Pos() >= cur.Node().Pos() {
					break
				}
				if es, ok := st.(*ast.ExprStmt); ok && c.isDoneRecv(es.X) {
					return true
				}
			}
		}
	}
	return false
}

// isDoneRecv reports whether e is `<-X.Done()` for the caller's context X
// (ctx, or r.Context()).
func (c *checker) isDoneRecv(e ast.Expr) bool {
	u, ok := ast.Unparen(e).(*ast.UnaryExpr)
	if !ok || u.Op != token.ARROW {
		return false
	}
	call, ok := ast.Unparen(u.X).(*ast.CallExpr)
	if !ok || len(call.Args) != 0 {
		return false
	}
	sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
	return ok && sel.Sel.Name == "Done" && types.ExprString(sel.X) == c.source
}
