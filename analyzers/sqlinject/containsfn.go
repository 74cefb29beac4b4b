package sqlinject

import (
	"go/ast"
	"go/token"
	"go/types"
)

// A package's own membership helper, written before slices.Contains
// existed and still common:
//
//	func contains(s string, list []string) bool {
//		for _, x := range list {
//			if x == s {
//				return true
//			}
//		}
//		return false
//	}
//
// is slices.Contains under another name: a call with a list of constants
// proves its value is one of them.

// containsParams returns, when fn is such a helper, the index of the
// parameter looked for and of the list it is looked for in.
func (c *checker) containsParams(fn *types.Func) (value, list int, ok bool) {
	decl := c.funcs[fn]
	if decl == nil || decl.Recv != nil || len(decl.Body.List) != 2 {
		return 0, 0, false
	}
	sig := fn.Type().(*types.Signature)
	if sig.Results().Len() != 1 || !isBoolType(sig.Results().At(0).Type()) || !returnsConst(decl.Body.List[1], "false") {
		return 0, 0, false
	}
	loop, isRange := decl.Body.List[0].(*ast.RangeStmt)
	if !isRange || loop.Value == nil || len(loop.Body.List) != 1 {
		return 0, 0, false
	}
	list = c.paramIndex(sig, loop.X)
	elem := c.pass.TypesInfo.ObjectOf(identOf(loop.Value))
	ifs, isIf := loop.Body.List[0].(*ast.IfStmt)
	if list < 0 || elem == nil || !isIf || ifs.Init != nil || ifs.Else != nil ||
		len(ifs.Body.List) != 1 || !returnsConst(ifs.Body.List[0], "true") {
		return 0, 0, false
	}
	eq, isBin := ast.Unparen(ifs.Cond).(*ast.BinaryExpr)
	if !isBin || eq.Op != token.EQL {
		return 0, 0, false
	}
	for _, pair := range [][2]ast.Expr{{eq.X, eq.Y}, {eq.Y, eq.X}} {
		if c.pass.TypesInfo.ObjectOf(identOf(pair[0])) == elem {
			if value = c.paramIndex(sig, pair[1]); value >= 0 && value != list {
				return value, list, true
			}
		}
	}
	return 0, 0, false
}

// paramIndex is the index of the parameter e names, or -1.
func (c *checker) paramIndex(sig *types.Signature, e ast.Expr) int {
	obj := c.pass.TypesInfo.ObjectOf(identOf(e))
	for i := 0; i < sig.Params().Len(); i++ {
		if sig.Params().At(i) == obj && obj != nil {
			return i
		}
	}
	return -1
}

func identOf(e ast.Expr) *ast.Ident {
	id, _ := ast.Unparen(e).(*ast.Ident)
	return id
}

func isBoolType(t types.Type) bool {
	b, ok := t.Underlying().(*types.Basic)
	return ok && b.Kind() == types.Bool
}

// returnsConst reports whether s is `return true` or `return false`.
func returnsConst(s ast.Stmt, name string) bool {
	ret, ok := s.(*ast.ReturnStmt)
	if !ok || len(ret.Results) != 1 {
		return false
	}
	id := identOf(ret.Results[0])
	return id != nil && id.Name == name
}
