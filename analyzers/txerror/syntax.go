package txerror

import (
	"go/ast"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/ssa"

	"github.com/drillhq/drill/analyzers/internal/resource"
)

// Source text for messages: where a statement is, what it calls, on what.

// site returns the call expression of an SSA call position, or nil.
func (c *checker) site(pos token.Pos) *resource.CallSite { return resource.SiteAt(c.insp, pos) }

// stmtPos is the position of the statement holding call.
func (c *checker) stmtPos(call *ssa.Call) token.Pos {
	if site := c.site(call.Pos()); site != nil {
		return site.Stmt().Pos()
	}
	return call.Pos()
}

// recvText is the source text of a method call's receiver ("tx", "s.db").
func (c *checker) recvText(call *ssa.CallCommon) string {
	if site := c.site(call.Pos()); site != nil {
		if sel, ok := ast.Unparen(site.Call.Fun).(*ast.SelectorExpr); ok {
			return types.ExprString(sel.X)
		}
	}
	return "tx"
}

// stmtText names a statement: "tx.ExecContext", "tx.QueryRowContext(...).Scan".
func (c *checker) stmtText(call *ssa.Call) string {
	site := c.site(call.Pos())
	if site == nil {
		return resource.CalleeName(&call.Call)
	}
	sel, ok := ast.Unparen(site.Call.Fun).(*ast.SelectorExpr)
	if !ok {
		return resource.CalleeName(&call.Call)
	}
	if inner, ok := ast.Unparen(sel.X).(*ast.CallExpr); ok {
		if isel, ok := ast.Unparen(inner.Fun).(*ast.SelectorExpr); ok {
			return types.ExprString(isel) + "(...)." + sel.Sel.Name
		}
	}
	return types.ExprString(sel)
}

// blankOrDropped reports whether the statement's error is thrown away in
// the source (`tx.Exec(...)` alone, or `_` in its place) rather than
// assigned to a variable that is later overwritten.
func (c *checker) blankOrDropped(call *ssa.Call) bool {
	site := c.site(call.Pos())
	if site == nil {
		return true
	}
	switch p := site.Parent.(type) {
	case *ast.ExprStmt:
		return true
	case *ast.AssignStmt:
		id, ok := p.Lhs[len(p.Lhs)-1].(*ast.Ident)
		return ok && id.Name == "_"
	}
	return false
}
