package reqctx

import (
	"go/ast"
	"go/types"

	"golang.org/x/tools/go/ast/edge"
	"golang.org/x/tools/go/ast/inspector"

	"github.com/drillhq/drill/analyzers/internal/predicate"
)

// A context detached on purpose: context.WithCancel(context.Background())
// (or WithTimeout, WithDeadline, the Cause forms) whose cancel function is
// kept beyond the call, in a field, a package variable, a composite
// literal or a result. That is a lifetime of its own, owned by whoever
// holds the cancel (a worker started by Start, stopped by Stop), not a
// request's context dropped by mistake; a cancel that stays local (defer
// cancel()) says the work belongs to this call, and is still reported.

// ownedLifetime reports whether the Background call at call is the parent
// of a cancellable context whose cancel function is kept.
func (c *checker) ownedLifetime(call inspector.Cursor) bool {
	e := call
	for e.ParentEdgeKind() == edge.ParenExpr_X {
		e = e.Parent()
	}
	if k, i := e.ParentEdge(); k != edge.CallExpr_Args || i != 0 {
		return false
	}
	derive := e.Parent()
	fn := predicate.CalleeFunc(c.pass.TypesInfo, derive.Node().(*ast.CallExpr))
	if !predicate.IsFunctionNamed(fn, "context", "WithCancel", "WithTimeout", "WithDeadline",
		"WithCancelCause", "WithTimeoutCause", "WithDeadlineCause") {
		return false
	}
	if derive.ParentEdgeKind() != edge.AssignStmt_Rhs {
		return false
	}
	as := derive.Parent().Node().(*ast.AssignStmt)
	if len(as.Lhs) != 2 {
		return false
	}
	cancel := as.Lhs[1]
	if c.kept(cancel) {
		return true // s.ctx, s.cancel = context.WithCancel(...)
	}
	v, ok := c.pass.TypesInfo.ObjectOf(predicate.Ident(cancel)).(*types.Var)
	if !ok {
		return false
	}
	// cancel := ...; later s.stop = cancel, or return ..., cancel.
	kept := false
	c.bodyCur.Inspect(nil, func(cur inspector.Cursor) bool {
		id, ok := cur.Node().(*ast.Ident)
		if !ok || kept || c.pass.TypesInfo.Uses[id] != v {
			return !kept
		}
		switch k, i := cur.ParentEdge(); k {
		case edge.ReturnStmt_Results, edge.CompositeLit_Elts, edge.KeyValueExpr_Value:
			kept = true
		case edge.AssignStmt_Rhs:
			as := cur.Parent().Node().(*ast.AssignStmt)
			kept = i < len(as.Lhs) && c.kept(as.Lhs[i])
		}
		return true
	})
	return kept
}

// kept reports whether assigning to lhs keeps the value beyond the call: a
// field or a package-level variable.
func (c *checker) kept(lhs ast.Expr) bool {
	switch l := ast.Unparen(lhs).(type) {
	case *ast.SelectorExpr:
		return true
	case *ast.Ident:
		v, ok := c.pass.TypesInfo.ObjectOf(l).(*types.Var)
		return ok && v.Parent() == v.Pkg().Scope()
	}
	return false
}
