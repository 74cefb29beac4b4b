package lostupdate

import (
	"fmt"
	"go/ast"
	"go/token"
	"strings"

	"golang.org/x/tools/go/analysis"
)

// report explains the lost update at the UPDATE and names both fixes,
// written with the statement's own column and placeholder style.
func report(pass *analysis.Pass, r read, u *sqlCall, upd updateStmt, set setClause) {
	col := set.column
	ph := "$1"
	if strings.Contains(u.text, "?") {
		ph = "?"
	}
	how := "read"
	if r.stmt.locking {
		// On the pool the SELECT is a transaction of its own: its row lock
		// ends with it, before the UPDATE runs.
		how = "read with a row lock that ends with the SELECT (it runs outside a transaction)"
	}
	fix := fmt.Sprintf("%s = %s - %s WHERE %s >= %s", col, col, ph, col, ph)
	if b, ok := ast.Unparen(u.args[set.arg]).(*ast.BinaryExpr); ok && b.Op == token.ADD {
		fix = fmt.Sprintf("%s = %s + %s", col, col, ph) // an increment needs no guard
	}
	line := pass.Fset.Position(r.query.call.Pos()).Line
	pass.Report(analysis.Diagnostic{
		Pos: u.call.Pos(),
		End: u.call.End(),
		Message: fmt.Sprintf("%s.%s is %s at line %d and written back as a value computed in Go: "+
			"two concurrent calls both read the same %s and one change is lost "+
			"(use UPDATE ... SET %s, or SELECT ... FOR UPDATE in the transaction)",
			upd.table, col, how, line, col, fix),
	})
}
