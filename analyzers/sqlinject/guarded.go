package sqlinject

import (
	"go/ast"
	"go/token"
	"go/types"
)

// Whether a use is protected by one of the facts guards.go collected.

// covered reports whether e is protected, where it is used, by an allow-list
// check on the same expression.
func (c *checker) covered(e ast.Expr) bool {
	switch ast.Unparen(e).(type) {
	case *ast.Ident, *ast.SelectorExpr, *ast.CallExpr, *ast.IndexExpr, *ast.StarExpr:
	default:
		return false
	}
	for _, f := range c.facts {
		if !c.sameExpr(f.expr, e) {
			continue
		}
		for j := f.from; j < len(f.list); j++ {
			st := f.list[j]
			if e.Pos() < st.Pos() || e.Pos() >= st.End() {
				continue
			}
			end := st.End()
			if c.inClosureAfter(e, f.start) {
				end = f.fnEnd
			}
			if !c.mutatedIn(e, f.start, end, e) {
				return true
			}
		}
	}
	return false
}

// inClosureAfter reports whether e lies inside a function literal that
// begins after pos. Such a closure may run after any later change of e, up
// to the end of the enclosing function, not only where it is written.
func (c *checker) inClosureAfter(e ast.Expr, pos token.Pos) bool {
	cur, ok := c.root.FindByPos(e.Pos(), e.End())
	if !ok {
		return false
	}
	for lit := range cur.Enclosing((*ast.FuncLit)(nil)) {
		if lit.Node().Pos() > pos {
			return true
		}
	}
	return false
}

// checkedAfter reports whether the assignment stmt of v is followed, in the
// same block and before any other mention of v, by an allow-list check on v
// that exits or falls back to a constant:
//
//	order = strings.TrimPrefix(s, "-")
//	switch order { case "name", "price_cents": default: return }
//
// Every path from the assignment then goes through the check, so the value
// it assigned can only reach a later use once it is known to be allowed.
func (c *checker) checkedAfter(v *types.Var, stmt ast.Stmt) bool {
	if stmt == nil {
		return false
	}
	for _, f := range c.facts {
		id, ok := f.expr.(*ast.Ident)
		if !ok || c.pass.TypesInfo.ObjectOf(id) != v {
			continue
		}
		g := f.from - 1 // the check, for facts on the statements after it
		for i := range g {
			if f.list[i] != stmt {
				continue
			}
			if !c.interposes(f.list[i+1:g], v) {
				return true
			}
		}
	}
	return false
}

// interposes reports whether stmts, between an assignment and its check,
// refer to v or may jump past what follows. Unlike predicate.Mentions it
// also counts jumps and labels, and skips closures, which do not run here.
func (c *checker) interposes(stmts []ast.Stmt, v *types.Var) bool {
	found := false
	for _, st := range stmts {
		ast.Inspect(st, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.Ident:
				if c.pass.TypesInfo.ObjectOf(n) == v {
					found = true
				}
			case *ast.BranchStmt, *ast.LabeledStmt:
				found = true
			case *ast.FuncLit:
				return false
			}
			return !found
		})
	}
	return found
}
