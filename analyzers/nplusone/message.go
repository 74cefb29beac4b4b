package nplusone

import (
	"fmt"
	"go/ast"
	"go/types"
)

// message words the diagnostic: what runs, per what, and the set-based
// rewrite that replaces the loop.
func message(e effect, expr *ast.CallExpr, coll collection) string {
	unit := "element"
	if coll.rows {
		unit = "row"
	}
	fix := "fetch them in one query with a JOIN or WHERE id IN (...)"
	if e.direct {
		if !e.reads {
			fix = "apply the change to all of them in one statement with WHERE id IN (...)"
		}
		return fmt.Sprintf("%s runs once per %s of %s (N+1): %s", e.name, unit, coll.name, fix)
	}
	return fmt.Sprintf("%s runs a query once per %s of %s (N+1): %s", helperName(expr, e), unit, coll.name, fix)
}

// helperName names the helper a call runs as the source spells it.
func helperName(expr *ast.CallExpr, e effect) string {
	switch f := ast.Unparen(expr.Fun).(type) {
	case *ast.Ident:
		return f.Name
	case *ast.SelectorExpr:
		return f.Sel.Name
	case *ast.IndexExpr:
		return types.ExprString(f.X)
	case *ast.FuncLit:
		return "this func literal"
	}
	return e.name
}
