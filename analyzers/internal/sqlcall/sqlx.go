package sqlcall

import (
	"go/types"

	"github.com/drillhq/drill/analyzers/internal/predicate"
)

// sqlx (github.com/jmoiron/sqlx) wraps database/sql: its DB, Tx and Conn
// embed the database/sql types, so db.QueryContext on an *sqlx.DB is
// database/sql's own method and Lookup finds it. Its own methods (Select,
// Get, Queryx, NamedExec, ...) take SQL text too, but return sqlx's types
// or fill a destination, so they are kept out of Lookup, whose users
// track database/sql's results, and answered by LookupText for those that
// only need the text: which call runs SQL, and where its text is.

const sqlxPath = "github.com/jmoiron/sqlx"

// sqlxText gives, per sqlx method name, what it does and the index of its
// SQL text (Select(dest, query, args...) has the text second; -1 for the
// Beginx family, which takes none).
var sqlxText = map[string]struct {
	op   Op
	text int
}{
	"Select": {Query, 1}, "SelectContext": {Query, 2},
	"Get": {QueryRow, 1}, "GetContext": {QueryRow, 2},
	"Queryx": {Query, 0}, "QueryxContext": {Query, 1},
	"QueryRowx": {QueryRow, 0}, "QueryRowxContext": {QueryRow, 1},
	"NamedQuery": {Query, 0}, "NamedQueryContext": {Query, 1},
	"NamedExec": {Exec, 0}, "NamedExecContext": {Exec, 1},
	"MustExec": {Exec, 0}, "MustExecContext": {Exec, 1},
	"Preparex": {Prepare, 0}, "PreparexContext": {Prepare, 1},
	"PrepareNamed": {Prepare, 0}, "PrepareNamedContext": {Prepare, 1},
	"Beginx": {Begin, -1}, "BeginTxx": {Begin, -1}, "MustBegin": {Begin, -1}, "MustBeginTx": {Begin, -1},
}

// sqlxReceivers are the sqlx types whose methods run SQL: the text for
// DB, Tx and Conn, the prepared statement's own for Stmt and NamedStmt.
var sqlxReceivers = map[string]Receiver{"DB": OnDB, "Tx": OnTx, "Conn": OnConn, "Stmt": OnStmt, "NamedStmt": OnStmt}

// sqlxStmtMethods are what a prepared sqlx statement runs, with values
// for arguments and no text.
var sqlxStmtMethods = map[string]Op{
	"Select": Query, "SelectContext": Query, "Get": QueryRow, "GetContext": QueryRow,
	"Queryx": Query, "QueryxContext": Query, "QueryRowx": QueryRow, "QueryRowxContext": QueryRow,
	"MustExec": Exec, "MustExecContext": Exec,
}

// LookupText returns the table entry for fn when fn takes SQL text: every
// method Lookup knows, and sqlx's own methods (Typed false: their results
// are not database/sql's).
func LookupText(fn *types.Func) (Method, bool) {
	if m, ok := Lookup(fn); ok {
		return m, true
	}
	if fn == nil {
		return Method{}, false
	}
	pkg, typ := predicate.ReceiverName(fn)
	recv, isSqlx := sqlxReceivers[typ]
	if pkg != sqlxPath || !isSqlx {
		return Method{}, false
	}
	if recv == OnStmt {
		op, known := sqlxStmtMethods[fn.Name()]
		if !known {
			return Method{}, false
		}
		return Method{On: OnStmt, Op: op, Name: fn.Name(), Text: -1}, true
	}
	e, known := sqlxText[fn.Name()]
	if !known {
		return Method{}, false
	}
	return Method{On: recv, Op: e.op, Name: fn.Name(), Text: e.text}, true
}
