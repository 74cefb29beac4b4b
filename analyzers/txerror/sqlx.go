package txerror

import (
	"go/token"
	"go/types"

	"golang.org/x/tools/go/ssa"

	"github.com/drillhq/drill/analyzers/internal/predicate"
	"github.com/drillhq/drill/analyzers/internal/resource"
	"github.com/drillhq/drill/analyzers/internal/sqlcall"
)

// sqlx (github.com/jmoiron/sqlx): an *sqlx.Tx embeds the *sql.Tx, so
// tx.Commit() and tx.Exec(...) on one are database/sql's methods called on
// the loaded field, and are checked as they are; resource.Unwrap names the
// *sqlx.Tx behind such a load, so that they and sqlx's own methods
// (NamedExec, Select, Get, Queryx, Preparex, ...) are known to run on the
// same transaction. The resource engine knows the Beginx family as
// sources; MustBegin and MustBeginTx panic instead of failing, so they
// have no Begin error to ignore and never give a nil transaction.

const sqlxPath = "github.com/jmoiron/sqlx"

// inSqlx reports whether fn belongs to package sqlx. Its functions are
// judged by sqlcall's table alone: sqlx is a required module in real
// applications, where no facts are computed for it.
func inSqlx(fn *types.Func) bool { return fn != nil && fn.Pkg() != nil && fn.Pkg().Path() == sqlxPath }

// isTxType reports whether t is *sql.Tx or *sqlx.Tx.
func isTxType(t types.Type) bool {
	return predicate.IsPointerToNamed(t, sqlPath, "Tx") || resource.IsSqlxTx(t)
}

// sqlxNamedOwn are the methods of a prepared *sqlx.NamedStmt that sqlcall's
// table leaves out because they share database/sql's names (on *sqlx.Stmt
// the same names are database/sql's promoted methods).
var sqlxNamedOwn = map[string]bool{"Exec": true, "ExecContext": true, "Query": true, "QueryContext": true}

// sqlxStatement recognises sqlx's own statements through a transaction:
// NamedExec, Select, Get, Queryx, NamedQuery and Preparex on the *sqlx.Tx,
// Get, Select, Queryx (and a NamedStmt's Exec and Query) on a statement
// prepared on it, and the Scan of a QueryRowx of either. It returns the
// transaction and the statement's error. MustExec panics rather than fail:
// no error to swallow.
func sqlxStatement(call *ssa.Call) (tx, errv ssa.Value, ok bool) {
	c := &call.Call
	fn := predicate.Callee(c)
	if !inSqlx(fn) || c.IsInvoke() || len(c.Args) == 0 {
		return nil, nil, false
	}
	if predicate.IsMethodNamed(fn, sqlxPath, "Row", "Scan", "StructScan", "MapScan", "Err") {
		rowCall, isCall := c.Args[0].(*ssa.Call)
		if !isCall {
			return nil, nil, false
		}
		m, known := sqlcall.LookupText(predicate.Callee(&rowCall.Call))
		if !known || m.Op != sqlcall.QueryRow || len(rowCall.Call.Args) == 0 {
			return nil, nil, false
		}
		tx = receiverTx(m.On, rowCall.Call.Args[0])
		return tx, call, tx != nil
	}
	m, known := sqlcall.LookupText(fn)
	switch {
	case known && m.On == sqlcall.OnTx && m.Op != sqlcall.Begin:
		tx = resource.Unwrap(c.Args[0])
	case known && m.On == sqlcall.OnStmt, predicate.IsMethodNamed(fn, sqlxPath, "NamedStmt") && sqlxNamedOwn[fn.Name()]:
		tx = stmtTx(c.Args[0])
	}
	if tx == nil {
		return nil, nil, false
	}
	errv, ok = lastError(call)
	return tx, errv, ok
}

// receiverTx is the transaction a statement's receiver runs on: the
// transaction itself, or the one a prepared statement belongs to.
func receiverTx(on sqlcall.Receiver, recv ssa.Value) ssa.Value {
	switch on {
	case sqlcall.OnTx:
		return resource.Unwrap(recv)
	case sqlcall.OnStmt:
		return stmtTx(recv)
	}
	return nil
}

// lastError returns the error result of call, which must be its last: the
// call itself when it is the only result, or its extract (nil when
// unused). ok is false when the call returns no error.
func lastError(call *ssa.Call) (ssa.Value, bool) {
	res := call.Call.Signature().Results()
	n := res.Len()
	if n == 0 || !predicate.IsErrorType(res.At(n-1).Type()) {
		return nil, false
	}
	if n == 1 {
		return call, true
	}
	return extract(call, n-1), true
}

// sqlxBindsTx reports whether fn binds a prepared statement to a
// transaction (tx.Stmtx, tx.NamedStmt), sending no SQL.
func sqlxBindsTx(fn *types.Func) bool {
	return predicate.IsMethodNamed(fn, sqlxPath, "Tx", "Stmtx", "StmtxContext", "NamedStmt", "NamedStmtContext")
}

// poolOf returns the *sqlx.DB v was loaded from when v is the *sql.DB
// embedded in one (what a promoted db.Exec receives); otherwise v.
func poolOf(v ssa.Value) ssa.Value {
	load, ok := v.(*ssa.UnOp)
	if !ok || load.Op != token.MUL {
		return v
	}
	fa, ok := load.X.(*ssa.FieldAddr)
	if !ok || !predicate.IsPointerToNamed(fa.X.Type(), sqlxPath, "DB") || predicate.FieldName(fa) != "DB" {
		return v
	}
	return fa.X
}

// samePool reports whether a and b are the same pool, an *sqlx.DB and the
// *sql.DB inside it counting as one.
func samePool(a, b ssa.Value) bool { return predicate.SameValue(poolOf(a), poolOf(b)) }

// beginOf returns the call that began tx, an *sql.Tx or *sqlx.Tx seen
// through resource.Unwrap: the call whose first result it is, or the call
// itself for sqlx's MustBegin, which returns the transaction alone.
func beginOf(tx ssa.Value) *ssa.Call {
	switch v := resource.Unwrap(tx).(type) {
	case *ssa.Extract:
		if v.Index == 0 {
			call, _ := v.Tuple.(*ssa.Call)
			return call
		}
	case *ssa.Call:
		if resource.IsSqlxTx(v.Type()) {
			return v
		}
	}
	return nil
}
