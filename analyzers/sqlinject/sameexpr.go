package sqlinject

import (
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"

	"github.com/drillhq/drill/analyzers/internal/predicate"
)

// sameExpr reports whether a and b denote the same value: the same
// variables, fields, constants and calls with the same arguments (a call
// such as strings.TrimPrefix(s, "-") or r.FormValue("sort") is assumed to
// give the same result twice).
func (c *checker) sameExpr(a, b ast.Expr) bool {
	a, b = ast.Unparen(a), ast.Unparen(b)
	info := c.pass.TypesInfo
	if ta, ok := info.Types[a]; ok && ta.Value != nil {
		tb, ok := info.Types[b]
		return ok && tb.Value != nil && constant.Compare(ta.Value, token.EQL, tb.Value)
	}
	switch x := a.(type) {
	case *ast.Ident:
		y, ok := b.(*ast.Ident)
		return ok && info.ObjectOf(x) != nil && info.ObjectOf(x) == info.ObjectOf(y)
	case *ast.SelectorExpr:
		y, ok := b.(*ast.SelectorExpr)
		if !ok || info.ObjectOf(x.Sel) == nil || info.ObjectOf(x.Sel) != info.ObjectOf(y.Sel) {
			return false
		}
		if _, isPkg := info.ObjectOf(predicate.Ident(x.X)).(*types.PkgName); isPkg {
			return true
		}
		return c.sameExpr(x.X, y.X)
	case *ast.CallExpr:
		y, ok := b.(*ast.CallExpr)
		if !ok || len(x.Args) != len(y.Args) || x.Ellipsis.IsValid() != y.Ellipsis.IsValid() || !c.sameExpr(x.Fun, y.Fun) {
			return false
		}
		for i := range x.Args {
			if !c.sameExpr(x.Args[i], y.Args[i]) {
				return false
			}
		}
		return true
	case *ast.IndexExpr:
		y, ok := b.(*ast.IndexExpr)
		return ok && c.sameExpr(x.X, y.X) && c.sameExpr(x.Index, y.Index)
	case *ast.StarExpr:
		y, ok := b.(*ast.StarExpr)
		return ok && c.sameExpr(x.X, y.X)
	case *ast.BinaryExpr:
		y, ok := b.(*ast.BinaryExpr)
		return ok && x.Op == y.Op && c.sameExpr(x.X, y.X) && c.sameExpr(x.Y, y.Y)
	case *ast.BasicLit:
		y, ok := b.(*ast.BasicLit)
		return ok && x.Kind == y.Kind && x.Value == y.Value
	}
	return false
}
