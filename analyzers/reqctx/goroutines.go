package reqctx

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/ast/inspector"

	"github.com/drillhq/drill/analyzers/internal/flow"
	"github.com/drillhq/drill/analyzers/internal/predicate"
)

// Goroutines a handler starts with the request context and does not wait
// for: net/http cancels that context when the handler returns.

// launched returns the function a go statement or a WaitGroup.Go /
// errgroup Go call runs on a new goroutine, as the node to search.
func (c *checker) launched(n ast.Node) ast.Node {
	switch n := n.(type) {
	case *ast.GoStmt:
		return n.Call
	case *ast.CallExpr:
		if f := predicate.CalleeFunc(c.pass.TypesInfo, n); flow.IsLaunchMethod(f) && len(n.Args) > 0 {
			return n.Args[0]
		}
	}
	return nil
}

// requestUse finds a use of the request context inside a goroutine: a
// r.Context() call or a tainted variable, not counting uses wrapped in
// context.WithoutCancel and uses that only watch for cancellation
// (ctx.Done(), ctx.Err()).
func (c *checker) requestUse(root ast.Node) ast.Node {
	var found ast.Node
	ast.Inspect(root, func(n ast.Node) bool {
		if found != nil {
			return false
		}
		switch n := n.(type) {
		case *ast.CallExpr:
			if predicate.IsFunctionNamed(predicate.CalleeFunc(c.pass.TypesInfo, n), "context", "WithoutCancel") {
				return false
			}
			if sel, ok := ast.Unparen(n.Fun).(*ast.SelectorExpr); ok &&
				(sel.Sel.Name == "Done" || sel.Sel.Name == "Err") && len(n.Args) == 0 && c.fromRequest(sel.X) {
				return false
			}
			if c.isRequestContextCall(n) {
				found = n
				return false
			}
		case *ast.Ident:
			if _, def := c.pass.TypesInfo.Defs[n]; !def && c.tainted[c.pass.TypesInfo.ObjectOf(n)] {
				found = n
			}
		}
		return true
	})
	return found
}

// joinedAfter reports whether the handler waits for goroutines after pos:
// a Wait method of a WaitGroup, errgroup or sync.Cond, or a channel receive
// (<-ch, select, range over a channel) in the handler's own body.
func (c *checker) joinedAfter(pos token.Pos) bool {
	joined := false
	ast.Inspect(c.body, func(n ast.Node) bool {
		if joined || n == nil {
			return false
		}
		if _, ok := n.(*ast.FuncLit); ok {
			return false
		}
		if _, ok := n.(*ast.GoStmt); ok {
			return false
		}
		if n.Pos() < pos && n.End() <= pos {
			return false
		}
		switch n := n.(type) {
		case *ast.CallExpr:
			if n.Pos() >= pos && flow.IsWaitMethod(predicate.CalleeFunc(c.pass.TypesInfo, n)) {
				joined = true
			}
		case *ast.UnaryExpr:
			if n.Pos() >= pos && n.Op == token.ARROW {
				joined = true
			}
		case *ast.RangeStmt:
			if n.Pos() >= pos {
				if _, ok := types.Unalias(c.pass.TypesInfo.TypeOf(n.X)).Underlying().(*types.Chan); ok {
					joined = true
				}
			}
		}
		return !joined
	})
	return joined
}

// goroutines reports goroutines that use the request context and are not
// waited for before the handler returns.
func (c *checker) goroutines() {
	c.bodyCur.Inspect(nil, func(cur inspector.Cursor) bool {
		n := cur.Node()
		if lit, ok := n.(*ast.FuncLit); ok && c.isHandlerLit(lit) {
			return false // checked on its own
		}
		root := c.launched(n)
		if root == nil {
			return true
		}
		use := c.requestUseAt(cur, root)
		if use == nil || c.joinedAfter(n.End()) {
			return true
		}
		what := "the request context"
		if id, ok := use.(*ast.Ident); ok {
			what = fmt.Sprintf("%s (derived from the request context)", id.Name)
		}
		c.pass.Reportf(n.Pos(), "goroutine uses %s, which net/http cancels when the handler returns: its work fails with context canceled; detach it with context.WithoutCancel and its own timeout, or wait for the goroutine", what)
		return true
	})
}

// requestUseAt is requestUse for the goroutine launched by the statement
// at launch: a variable that held the request context earlier but was
// detached (ctx = context.WithoutCancel(ctx)) on every path to the launch,
// and is never given a request context again, does not count, nor do the
// variables the goroutine derives from it.
func (c *checker) requestUseAt(launch inspector.Cursor, root ast.Node) ast.Node {
	var detached []types.Object
	for obj := range c.tainted {
		if !inside(root, obj.Pos()) && c.detachedAt(obj, launch, root) {
			detached = append(detached, obj)
		}
	}
	if len(detached) == 0 {
		return c.requestUse(root)
	}
	saved := c.tainted
	defer func() { c.tainted = saved }()
	c.tainted = map[types.Object]bool{}
	for obj := range saved {
		if !inside(root, obj.Pos()) {
			c.tainted[obj] = true
		}
	}
	for _, obj := range detached {
		delete(c.tainted, obj)
	}
	c.taintIn(root) // re-derive what the goroutine computes from what is left
	return c.requestUse(root)
}
