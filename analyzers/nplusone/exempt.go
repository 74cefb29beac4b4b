package nplusone

import (
	"go/ast"
	"go/types"

	"golang.org/x/tools/go/ssa"

	"github.com/drillhq/drill/analyzers/internal/predicate"
	"github.com/drillhq/drill/analyzers/internal/sqlcall"
)

// The per-element calls below are not N+1 queries, or not ones a set-based
// rewrite fixes: writes that differ per element, and fan-outs over
// databases.

// uniformWrite returns the index in expr.Args of the one argument besides
// the text that changes per iteration, when there is exactly one and it is
// a single value such as an id, so that WHERE id IN (...) can replace the
// loop; -1 otherwise.
func uniformWrite(info *types.Info, expr *ast.CallExpr, call *ssa.CallCommon, e effect, vars map[types.Object]bool) int {
	if len(e.textArg) != 1 {
		return -1
	}
	text := astArg(expr, call, e.textArg[0])
	after := false
	found := -1
	for i, a := range expr.Args {
		if a == text {
			after = true
			continue
		}
		if !after || !predicate.Mentions(info, a, vars) {
			continue
		}
		if expr.Ellipsis.IsValid() && i == len(expr.Args)-1 {
			return -1 // args... built per element
		}
		if !singleValue(info.TypeOf(a)) || found >= 0 {
			return -1
		}
		found = i
	}
	return found
}

func singleValue(t types.Type) bool {
	if t == nil {
		return false
	}
	switch u := t.Underlying().(type) {
	case *types.Basic:
		return true
	case *types.Array:
		return predicate.IsBasicKind(u.Elem(), types.Byte) // a UUID
	}
	return false
}

// perDatabase reports whether the database handle the call runs on (its
// receiver or a handle argument) changes with the loop: for _, shard := range
// shards { shard.db.QueryRowContext(...) } visits databases, not rows.
func perDatabase(info *types.Info, expr *ast.CallExpr, vars map[types.Object]bool) bool {
	var exprs []ast.Expr
	if sel, ok := ast.Unparen(expr.Fun).(*ast.SelectorExpr); ok {
		if _, isMethod := info.Selections[sel]; isMethod {
			exprs = append(exprs, sel.X)
		}
	}
	exprs = append(exprs, expr.Args...)
	for _, e := range exprs {
		if isHandle(info.TypeOf(e)) && predicate.Mentions(info, e, vars) {
			return true
		}
	}
	return false
}

// isHandle reports whether t is a database handle: *sql.DB, *sql.Tx,
// *sql.Conn, or an interface with a method that sends SQL and returns
// database/sql's types (sqlc's DBTX).
func isHandle(t types.Type) bool {
	if t == nil {
		return false
	}
	if predicate.IsTypeNamed(predicate.Unpointer(t), "database/sql", "DB", "Tx", "Conn") {
		return true
	}
	if it, ok := t.Underlying().(*types.Interface); ok {
		for method := range it.Methods() {
			if m, ok := sqlcall.Lookup(method); ok && m.SendsSQL() && m.Typed {
				return true
			}
		}
	}
	return false
}
