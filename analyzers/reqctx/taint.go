package reqctx

import (
	"go/ast"
	"go/types"

	"github.com/drillhq/drill/analyzers/internal/predicate"
)

// Which expressions and variables carry the request's cancellation: the
// request context, contexts derived from it, and the variables that hold
// either.

var derivers = []string{"WithCancel", "WithCancelCause", "WithTimeout", "WithTimeoutCause",
	"WithDeadline", "WithDeadlineCause", "WithValue"}

// isRequestContextCall reports a call of (*http.Request).Context.
func (c *checker) isRequestContextCall(call *ast.CallExpr) bool {
	return predicate.IsMethodNamed(predicate.CalleeFunc(c.pass.TypesInfo, call), "net/http", "Request", "Context")
}

// fromRequest reports whether e evaluates to the request's context or a
// context derived from it that still carries its cancellation.
func (c *checker) fromRequest(e ast.Expr) bool {
	switch e := ast.Unparen(e).(type) {
	case *ast.CallExpr:
		if c.isRequestContextCall(e) {
			return true
		}
		if predicate.IsFunctionNamed(predicate.CalleeFunc(c.pass.TypesInfo, e), "context", derivers...) && len(e.Args) > 0 {
			return c.fromRequest(e.Args[0])
		}
	case *ast.Ident:
		return c.tainted[c.pass.TypesInfo.ObjectOf(e)]
	}
	return false
}

// taint finds the local variables that hold the request context or a
// context derived from it (flow-insensitively, to a fixed point).
func (c *checker) taint() {
	c.tainted = map[types.Object]bool{}
	c.taintIn(c.body)
}

// taintIn adds to c.tainted the variables assigned in root from the request
// context or from an already tainted variable, to a fixed point.
func (c *checker) taintIn(root ast.Node) {
	mark := func(lhs ast.Expr) bool {
		id := predicate.Ident(lhs)
		if id == nil || id.Name == "_" {
			return false
		}
		obj := c.pass.TypesInfo.ObjectOf(id)
		if obj == nil || c.tainted[obj] {
			return false
		}
		c.tainted[obj] = true
		return true
	}
	for changed := true; changed; {
		changed = false
		ast.Inspect(root, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.AssignStmt:
				if len(n.Rhs) == 1 && len(n.Lhs) >= 1 {
					// ctx := r.Context(); ctx, cancel := context.WithTimeout(ctx, d)
					if c.fromRequest(n.Rhs[0]) && mark(n.Lhs[0]) {
						changed = true
					}
					return true
				}
				for i := range n.Rhs {
					if i < len(n.Lhs) && c.fromRequest(n.Rhs[i]) && mark(n.Lhs[i]) {
						changed = true
					}
				}
			case *ast.ValueSpec:
				for i := range n.Values {
					if i < len(n.Names) && c.fromRequest(n.Values[i]) && mark(n.Names[i]) {
						changed = true
					}
				}
			}
			return true
		})
	}
}
