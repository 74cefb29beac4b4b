package lockleak

import (
	"go/ast"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/cfg"
)

// Correlated branches: `if lock { mu.Lock() } ... if lock { mu.Unlock() }`,
// or `if b == 10 { cache.Lock() } ... if b == 10 { cache.Unlock() }`.
// A path that took the Lock under a condition takes the Unlock under the
// same condition too, as long as nothing changes the variable in between.

// guard is the condition a Lock was taken under: a bool variable (if
// lock {), or a variable compared with a constant (if b == 10 {). text is
// the condition as written, so that only the same test counts.
type guard struct {
	v    *types.Var
	text string
}

// guardOf returns the condition guarding the Lock in block b: b is the
// then-branch of `if cond { ... }` where cond is a variable, or a variable
// compared with a constant, that the function never assigns after
// declaring it nor takes the address of. It returns nil otherwise.
func guardOf(info *types.Info, b *cfg.Block, body *ast.BlockStmt) *guard {
	if b.Kind != cfg.KindIfThen {
		return nil
	}
	ifs, ok := b.Stmt.(*ast.IfStmt)
	if !ok || ifs.Init != nil {
		return nil
	}
	g := condOf(info, ifs.Cond)
	if g == nil || reassigned(info, g.v, body) {
		return nil
	}
	return g
}

// condOf returns the guard a condition is, or nil.
func condOf(info *types.Info, cond ast.Expr) *guard {
	cond = ast.Unparen(cond)
	if bin, ok := cond.(*ast.BinaryExpr); ok {
		switch bin.Op {
		case token.EQL, token.NEQ, token.LSS, token.LEQ, token.GTR, token.GEQ:
		default:
			return nil
		}
		for _, pair := range [][2]ast.Expr{{bin.X, bin.Y}, {bin.Y, bin.X}} {
			if tv, ok := info.Types[pair[1]]; ok && tv.Value != nil {
				if g := condOf(info, pair[0]); g != nil {
					return &guard{v: g.v, text: types.ExprString(cond)}
				}
			}
		}
		return nil
	}
	id, ok := cond.(*ast.Ident)
	if !ok {
		return nil
	}
	v, _ := info.Uses[id].(*types.Var)
	if v == nil {
		return nil
	}
	return &guard{v: v, text: id.Name}
}

// sameGuard reports whether block b ends in the same condition as g (its
// first successor is that if's then-branch): a path holding a lock taken
// under g then only continues into the then-branch.
func sameGuard(info *types.Info, b *cfg.Block, g *guard) bool {
	if g == nil || len(b.Succs) != 2 || b.Succs[0].Kind != cfg.KindIfThen {
		return false
	}
	ifs, ok := b.Succs[0].Stmt.(*ast.IfStmt)
	if !ok {
		return false
	}
	h := condOf(info, ifs.Cond)
	return h != nil && h.v == g.v && h.text == g.text
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
