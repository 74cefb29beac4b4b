package sqlinject

import (
	"go/ast"
	"go/token"
	"go/types"

	"github.com/drillhq/drill/analyzers/internal/predicate"
)

// The conditions that prove a value comes from an allow-list: a map
// lookup, comparisons with constants, slices.Contains or a package's own
// helper of that shape (containsfn.go), an anchored
// identifier regexp (regexp.go).

// member returns the expressions that cond, when true, proves to hold a
// value of an allow-list.
func (c *checker) member(cond ast.Expr) []ast.Expr {
	info := c.pass.TypesInfo
	switch e := ast.Unparen(cond).(type) {
	case *ast.UnaryExpr:
		if e.Op == token.NOT {
			return c.notMember(e.X)
		}
	case *ast.BinaryExpr:
		switch e.Op {
		case token.LAND:
			return append(c.member(e.X), c.member(e.Y)...)
		case token.LOR:
			return c.both(c.member(e.X), c.member(e.Y))
		case token.EQL:
			return c.comparedToConstant(e)
		}
	case *ast.IndexExpr:
		if c.isMap(e.X) && c.keyTaint(e.X) == nil {
			return []ast.Expr{e.Index}
		}
	case *ast.Ident:
		v, ok := info.ObjectOf(e).(*types.Var)
		if !ok || c.visit[v] {
			return nil
		}
		if ix := c.commaOK[v]; ix != nil {
			if c.isMap(ix.X) && c.keyTaint(ix.X) == nil {
				return []ast.Expr{ix.Index}
			}
			return nil
		}
		// ok := allowed[col]; valid := re.MatchString(s): judged by its
		// only assignment.
		if as := c.assigns[v]; len(as) == 1 && as[0].rhs != nil && len(c.mutations[v]) == 0 {
			c.visit[v] = true
			defer delete(c.visit, v)
			return c.member(as[0].rhs)
		}
	case *ast.CallExpr:
		fn := predicate.CalleeFunc(info, e)
		switch {
		case predicate.IsFunctionNamed(fn, "slices", "Contains") && len(e.Args) == 2:
			if c.containerTaint(e.Args[0]) == nil {
				return []ast.Expr{e.Args[1]}
			}
		case fn != nil && fn.Pkg() == c.pass.Pkg && len(e.Args) == 2:
			if value, list, ok := c.containsParams(fn); ok && c.containerTaint(e.Args[list]) == nil {
				return []ast.Expr{e.Args[value]}
			}
		case predicate.IsMethodNamed(fn, "regexp", "Regexp", "MatchString"):
			if sel, ok := ast.Unparen(e.Fun).(*ast.SelectorExpr); ok && c.wholeSafeRegexp(sel.X) {
				return []ast.Expr{e.Args[0]}
			}
		}
	}
	return nil
}

// notMember returns the expressions that cond, when false, proves to hold a
// value of an allow-list.
func (c *checker) notMember(cond ast.Expr) []ast.Expr {
	switch e := ast.Unparen(cond).(type) {
	case *ast.UnaryExpr:
		if e.Op == token.NOT {
			return c.member(e.X)
		}
	case *ast.BinaryExpr:
		switch e.Op {
		case token.LOR:
			return append(c.notMember(e.X), c.notMember(e.Y)...)
		case token.LAND:
			// col != "a" && col != "b" is false only for "a" or "b".
			return c.both(c.notMember(e.X), c.notMember(e.Y))
		case token.NEQ:
			return c.comparedToConstant(e)
		}
	}
	return nil
}

// both keeps the expressions present in a and in b.
func (c *checker) both(a, b []ast.Expr) []ast.Expr {
	var out []ast.Expr
	for _, x := range a {
		for _, y := range b {
			if c.sameExpr(x, y) {
				out = append(out, x)
				break
			}
		}
	}
	return out
}

// comparedToConstant returns x of x == "const" or "const" != x.
func (c *checker) comparedToConstant(e *ast.BinaryExpr) []ast.Expr {
	isConst := func(x ast.Expr) bool {
		tv, ok := c.pass.TypesInfo.Types[x]
		return ok && tv.Value != nil
	}
	switch {
	case isConst(e.Y) && !isConst(e.X):
		return []ast.Expr{e.X}
	case isConst(e.X) && !isConst(e.Y):
		return []ast.Expr{e.Y}
	}
	return nil
}

func (c *checker) isMap(e ast.Expr) bool {
	tv, ok := c.pass.TypesInfo.Types[e]
	if !ok {
		return false
	}
	_, isMap := tv.Type.Underlying().(*types.Map)
	return isMap
}
