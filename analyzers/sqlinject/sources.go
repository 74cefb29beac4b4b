package sqlinject

import (
	"go/ast"
	"go/types"

	"github.com/drillhq/drill/analyzers/internal/predicate"
	"github.com/drillhq/drill/analyzers/internal/sqlcall"
)

// sqlArg returns the index in call.Args of the SQL text, and the name the
// message gives the call, when call runs or prepares a statement from text:
// Query, QueryRow, Exec and Prepare (and their Context forms) on *sql.DB,
// *sql.Tx and *sql.Conn, or a method of those names on any interface, whose
// text is its first string parameter (sqlc's DBTX, pgx's Query(ctx, sql)),
// and sqlx's Select, Get, Queryx, NamedExec and the like.
// It returns -1 for everything else, including a prepared statement's
// Query and Exec, whose arguments are values, not SQL.
func (c *checker) sqlArg(call *ast.CallExpr) (int, string) {
	fn := predicate.CalleeFunc(c.pass.TypesInfo, call)
	m, ok := sqlcall.LookupText(fn) // database/sql, interfaces like it, and sqlx
	if !ok || m.Text < 0 {
		return -1, ""
	}
	if sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr); ok {
		if s := c.pass.TypesInfo.Selections[sel]; s != nil && s.Kind() == types.MethodExpr {
			// (*sql.DB).Query(db, q): the receiver is the first argument.
			return m.Text + 1, receiverLabel(fn) + "." + fn.Name()
		}
		return m.Text, types.ExprString(sel.X) + "." + fn.Name()
	}
	return m.Text, receiverLabel(fn) + "." + fn.Name()
}

// receiverLabel names a method's receiver type when the call has no
// receiver expression to quote: DB, Tx, Conn, a named interface's name, or
// "interface" for an interface literal.
func receiverLabel(fn *types.Func) string {
	if _, name := predicate.ReceiverName(fn); name != "" {
		return name
	}
	return "interface"
}
