package lockleak

import (
	"go/ast"
	"go/types"

	"github.com/drillhq/drill/analyzers/internal/predicate"
)

// Which statements take and release a sync.Mutex or sync.RWMutex, directly,
// deferred, or through a local closure.

// op is a lock operation found as a statement: X.Lock(), X.RLock(),
// X.Unlock(), X.RUnlock(), possibly deferred.
type op struct {
	key     string // the mutex expression, e.g. "h.mu"
	shared  bool   // RLock / RUnlock
	acquire bool
}

// mutexOp recognises a call of a sync.Mutex or sync.RWMutex method (also
// promoted through an embedded field) and returns what it does.
func mutexOp(info *types.Info, call *ast.CallExpr) (op, bool) {
	sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
	if !ok {
		return op{}, false
	}
	fn := predicate.CalleeFunc(info, call)
	if !predicate.IsMethodOf(fn, "sync", "Mutex") && !predicate.IsMethodOf(fn, "sync", "RWMutex") {
		return op{}, false
	}
	key := types.ExprString(sel.X)
	switch fn.Name() {
	case "Lock":
		return op{key: key, acquire: true}, true
	case "RLock":
		return op{key: key, shared: true, acquire: true}, true
	case "Unlock":
		return op{key: key}, true
	case "RUnlock":
		return op{key: key, shared: true}, true
	}
	return op{}, false
}

// releases reports whether node releases lock l: an X.Unlock() statement,
// defer X.Unlock(), a deferred function literal that calls it, or a call
// anywhere in the statement of a local closure that does (cleanup := func()
// { mu.Unlock() }; ...; return cleanup()).
func releases(info *types.Info, closures map[types.Object]*ast.FuncLit, node ast.Node, l op) bool {
	matches := func(call *ast.CallExpr) bool {
		o, ok := mutexOp(info, call)
		return ok && !o.acquire && o.key == l.key && o.shared == l.shared
	}
	unlocksIn := func(body ast.Node) bool {
		found := false
		ast.Inspect(body, func(n ast.Node) bool {
			if call, ok := n.(*ast.CallExpr); ok && matches(call) {
				found = true
			}
			return !found
		})
		return found
	}
	callsReleasingClosure := func(n ast.Node) bool {
		found := false
		ast.Inspect(n, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.FuncLit:
				return false // defined here, not called here
			case *ast.CallExpr:
				if id := predicate.Ident(n.Fun); id != nil {
					if lit := closures[info.Uses[id]]; lit != nil && unlocksIn(lit.Body) {
						found = true
					}
				}
			}
			return !found
		})
		return found
	}
	switch s := node.(type) {
	case *ast.ExprStmt:
		if call, ok := ast.Unparen(s.X).(*ast.CallExpr); ok && matches(call) {
			return true
		}
	case *ast.DeferStmt:
		if matches(s.Call) {
			return true
		}
		if lit, ok := ast.Unparen(s.Call.Fun).(*ast.FuncLit); ok {
			return unlocksIn(lit.Body)
		}
	}
	if stmt, ok := node.(ast.Stmt); ok {
		return callsReleasingClosure(stmt)
	}
	return false
}

// localClosures maps each variable of body assigned a function literal to
// that literal.
func localClosures(info *types.Info, body *ast.BlockStmt) map[types.Object]*ast.FuncLit {
	out := map[types.Object]*ast.FuncLit{}
	ast.Inspect(body, func(n ast.Node) bool {
		as, ok := n.(*ast.AssignStmt)
		if !ok || len(as.Lhs) != len(as.Rhs) {
			return true
		}
		for i, rhs := range as.Rhs {
			lit, ok := ast.Unparen(rhs).(*ast.FuncLit)
			id, isIdent := as.Lhs[i].(*ast.Ident)
			if !ok || !isIdent {
				continue
			}
			if obj := info.ObjectOf(id); obj != nil {
				out[obj] = lit
			}
		}
		return true
	})
	return out
}

// acquires returns the lock a statement node takes, if it is X.Lock() or
// X.RLock().
func acquires(info *types.Info, node ast.Node) (op, bool) {
	s, ok := node.(*ast.ExprStmt)
	if !ok {
		return op{}, false
	}
	call, ok := ast.Unparen(s.X).(*ast.CallExpr)
	if !ok {
		return op{}, false
	}
	o, ok := mutexOp(info, call)
	if !ok || !o.acquire {
		return op{}, false
	}
	return o, true
}
