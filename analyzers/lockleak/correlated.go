package lockleak

import (
	"go/ast"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/cfg"
)

// Correlated branches: `if lock { mu.Lock() } ... if lock { mu.Unlock() }`.
// A path that took the Lock under a condition takes the Unlock under the
// same condition too, as long as nothing changes the variable in between.

// guardOf returns the variable whose truth guards the Lock in block b: b is
// the then-branch of `if v { ... }` for a bool variable v that the
// function never assigns after declaring it nor takes the address of. It
// returns nil otherwise.
func guardOf(info *types.Info, b *cfg.Block, body *ast.BlockStmt) *types.Var {
	if b.Kind != cfg.KindIfThen {
		return nil
	}
	ifs, ok := b.Stmt.(*ast.IfStmt)
	if !ok || ifs.Init != nil {
		return nil
	}
	v := condVar(info, ifs.Cond)
	if v == nil || reassigned(info, v, body) {
		return nil
	}
	return v
}

// condVar returns the variable a condition consists of, or nil.
func condVar(info *types.Info, cond ast.Expr) *types.Var {
	id, ok := ast.Unparen(cond).(*ast.Ident)
	if !ok {
		return nil
	}
	v, _ := info.Uses[id].(*types.Var)
	return v
}

// sameGuard reports whether block b ends in the condition of `if v {...}`
// (its first successor is that if's then-branch): a path holding a lock
// taken under v then only continues into the then-branch.
func sameGuard(info *types.Info, b *cfg.Block, v *types.Var) bool {
	if v == nil || len(b.Succs) != 2 || b.Succs[0].Kind != cfg.KindIfThen {
		return false
	}
	ifs, ok := b.Succs[0].Stmt.(*ast.IfStmt)
	return ok && condVar(info, ifs.Cond) == v
}

// reassigned reports whether body assigns v anywhere other than where it
// is declared, or takes its address (after which anything may change it).
func reassigned(info *types.Info, v *types.Var, body *ast.BlockStmt) bool {
	is := func(e ast.Expr) bool {
		id, ok := ast.Unparen(e).(*ast.Ident)
		return ok && info.Uses[id] == v
	}
	found := false
	ast.Inspect(body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.AssignStmt:
			for _, lhs := range n.Lhs {
				found = found || is(lhs)
			}
		case *ast.RangeStmt:
			found = found || n.Tok == token.ASSIGN && (n.Key != nil && is(n.Key) || n.Value != nil && is(n.Value))
		case *ast.UnaryExpr:
			found = found || n.Op == token.AND && is(n.X)
		}
		return !found
	})
	return found
}
