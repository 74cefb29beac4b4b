package nplusone

import (
	"fmt"
	"go/ast"
	"go/types"
)

// message words the diagnostic: what runs, per what, and the set-based
// rewrite that replaces the loop, on the column the statement is keyed by
// when the text says which.
func message(e effect, name string, coll collection, key string) string {
	unit := "element"
	if coll.rows {
		unit = "row"
	}
	var fix string
	switch {
	case e.reads && key != "":
		fix = fmt.Sprintf("fetch them in one query with WHERE %s IN (...) (or %s = ANY($1) on PostgreSQL)", key, key)
	case e.reads:
		fix = "fetch them in one query with a JOIN or WHERE id IN (...)"
	case key != "":
		fix = fmt.Sprintf("apply the change to all of them in one statement with WHERE %s IN (...) (or %s = ANY($1) on PostgreSQL)", key, key)
	default:
		fix = "apply the change to all of them in one statement with WHERE id IN (...)"
	}
	if e.direct {
		return fmt.Sprintf("%s runs once per %s of %s (N+1): %s", name, unit, coll.name, fix)
	}
	return fmt.Sprintf("%s runs a query once per %s of %s (N+1): %s", name, unit, coll.name, fix)
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
