package reqctx

import (
	"go/ast"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/ast/inspector"

	"github.com/drillhq/drill/analyzers/internal/predicate"
)

// Whether a variable that once held the request context has certainly been
// detached from it by the time a goroutine starts.

// inside reports whether pos lies within n.
func inside(n ast.Node, pos token.Pos) bool { return n.Pos() <= pos && pos < n.End() }

// assignment is one place a local variable gets a value.
type assignment struct {
	pos       token.Pos
	request   bool             // the value is the request context or derived from it
	at        inspector.Cursor // the assigning statement, declaration or &x
	inClosure bool             // inside a function literal of the body
}

// detachedAt reports whether obj, at the launch statement, certainly holds
// a value that does not come from the request: the last assignment before
// the launch is not from the request and runs on every path to it (it sits
// in a block enclosing the launch), and no assignment after the launch or
// inside a closure can put the request context back.
func (c *checker) detachedAt(obj types.Object, launch inspector.Cursor, root ast.Node) bool {
	var assigns []assignment
	record := func(at inspector.Cursor, lhs, rhs ast.Expr) {
		id := predicate.Ident(lhs)
		if id == nil || c.pass.TypesInfo.ObjectOf(id) != obj {
			return
		}
		request := rhs == nil || c.fromRequest(rhs) // no single value: assume the worst
		assigns = append(assigns, assignment{pos: id.Pos(), request: request, at: at, inClosure: c.inClosure(at)})
	}
	kinds := []ast.Node{(*ast.AssignStmt)(nil), (*ast.ValueSpec)(nil), (*ast.RangeStmt)(nil), (*ast.UnaryExpr)(nil)}
	for cur := range c.bodyCur.Preorder(kinds...) {
		switch n := cur.Node().(type) {
		case *ast.AssignStmt:
			if len(n.Lhs) == len(n.Rhs) {
				for i := range n.Lhs {
					record(cur, n.Lhs[i], n.Rhs[i])
				}
			} else if len(n.Rhs) == 1 {
				// ctx, cancel := context.WithTimeout(...): the first result is the context.
				record(cur, n.Lhs[0], n.Rhs[0])
				for _, l := range n.Lhs[1:] {
					record(cur, l, nil)
				}
			}
		case *ast.ValueSpec:
			for i, name := range n.Names {
				var v ast.Expr
				if i < len(n.Values) {
					v = n.Values[i]
				}
				if v != nil || len(n.Values) == 0 {
					record(cur, name, v)
				}
			}
		case *ast.RangeStmt:
			if n.Key != nil {
				record(cur, n.Key, nil)
			}
			if n.Value != nil {
				record(cur, n.Value, nil)
			}
		case *ast.UnaryExpr:
			if n.Op == token.AND {
				record(cur, n.X, nil) // &ctx: written through a pointer
			}
		}
	}
	var last *assignment
	for i := range assigns {
		a := &assigns[i]
		if inside(root, a.pos) {
			continue // the goroutine's own assignments are checked by requestUse
		}
		if a.request && (a.inClosure || a.pos > launch.Node().Pos()) {
			return false // the request context can come back
		}
		if a.pos < launch.Node().Pos() && !a.inClosure && (last == nil || a.pos > last.pos) {
			last = a
		}
	}
	if last == nil || last.request {
		return false
	}
	// The last assignment dominates the launch when its innermost block is
	// one of the launch's enclosing nodes.
	for b := range last.at.Enclosing((*ast.BlockStmt)(nil), (*ast.CaseClause)(nil), (*ast.CommClause)(nil)) {
		return b.Contains(launch)
	}
	return false
}

// inClosure reports whether the node at cur lies in a function literal
// nested in the body (not the literal whose body this is).
func (c *checker) inClosure(cur inspector.Cursor) bool {
	for lit := range cur.Enclosing((*ast.FuncLit)(nil)) {
		return c.bodyCur.Contains(lit)
	}
	return false
}
