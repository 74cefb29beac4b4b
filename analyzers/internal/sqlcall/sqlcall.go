// Package sqlcall is drill's one table of the database/sql API: which
// methods send SQL, which argument holds the SQL text, what a call hands
// back (rows, a row, a result, a statement, a transaction, a connection)
// and whether it runs on the pool, a transaction, a reserved connection or
// a prepared statement. sqlleak, txerror, nplusone and sqlinject all look
// calls up here, so they agree on what a query is.
//
// Interfaces that mirror the API (sqlc's DBTX, a repository's querier)
// are recognised by method name; Typed says whether their results are
// database/sql's own types. New drivers and wrappers (pgx, sqlx) are rows
// of the same table.
package sqlcall

import (
	"go/types"
	"slices"
	"strings"

	"golang.org/x/tools/go/ssa"

	"github.com/drillhq/drill/analyzers/internal/predicate"
)

const sqlPath = "database/sql"

// Receiver is what a SQL method runs on.
type Receiver uint8

const (
	NoReceiver  Receiver = iota
	OnDB                 // *sql.DB: the connection pool
	OnTx                 // *sql.Tx: a transaction's connection
	OnConn               // *sql.Conn: a connection reserved from the pool
	OnStmt               // *sql.Stmt: a prepared statement (on the pool or a Tx)
	OnInterface          // an interface with the same method names
)

// Op is what a method does.
type Op uint8

const (
	NoOp     Op = iota
	Query       // returns *sql.Rows
	QueryRow    // returns *sql.Row
	Exec        // returns sql.Result
	Prepare     // returns *sql.Stmt
	Begin       // returns *sql.Tx
	Reserve     // (*sql.DB).Conn: returns *sql.Conn
)

// Method is one entry of the table.
type Method struct {
	On   Receiver
	Op   Op
	Name string
	// Text is the index of the SQL text among the method's parameters (the
	// receiver not counted), or -1 when the method takes none (a prepared
	// statement's Query, Begin, Conn).
	Text int
	// Typed is set when the results are database/sql's types: always for
	// the concrete types, and for interfaces whose method returns them.
	Typed bool
}

// SendsSQL reports whether the call sends a statement to the server
// (Query, QueryRow, Exec), as opposed to preparing, beginning or reserving.
func (m Method) SendsSQL() bool {
	return m.Op == Query || m.Op == QueryRow || m.Op == Exec
}

// TextArg returns the index in c.Args of the SQL text for a call of m, or
// -1. Static method calls and method expressions carry the receiver as
// Args[0]; interface calls and bound method values (get :=
// db.QueryRowContext), whose receiver lives in the closure, do not.
func (m Method) TextArg(c *ssa.CallCommon) int {
	if m.Text < 0 {
		return -1
	}
	if c.IsInvoke() {
		return m.Text
	}
	if f := c.StaticCallee(); f != nil && predicate.BoundMethod(f) != nil {
		return m.Text
	}
	return m.Text + 1
}

// opOf maps a method name to what it does: the database/sql names, with
// and without the Context suffix.
var opOf = map[string]Op{
	"Query": Query, "QueryContext": Query,
	"QueryRow": QueryRow, "QueryRowContext": QueryRow,
	"Exec": Exec, "ExecContext": Exec,
	"Prepare": Prepare, "PrepareContext": Prepare,
	"Begin": Begin, "BeginTx": Begin,
	"Conn": Reserve,
}

// methods lists, per database/sql type, the methods of opOf it has.
// (*sql.Tx).Stmt binds an existing statement and sends nothing; Commit,
// Rollback and Close release rather than run, and live with the resource
// engine.
var methods = map[string][]string{
	"DB":   {"Query", "QueryContext", "QueryRow", "QueryRowContext", "Exec", "ExecContext", "Prepare", "PrepareContext", "Begin", "BeginTx", "Conn"},
	"Tx":   {"Query", "QueryContext", "QueryRow", "QueryRowContext", "Exec", "ExecContext", "Prepare", "PrepareContext"},
	"Conn": {"QueryContext", "QueryRowContext", "ExecContext", "PrepareContext", "BeginTx"},
	"Stmt": {"Query", "QueryContext", "QueryRow", "QueryRowContext", "Exec", "ExecContext"},
}

var receivers = map[string]Receiver{"DB": OnDB, "Tx": OnTx, "Conn": OnConn, "Stmt": OnStmt}

// resultType is the database/sql type each Op returns first.
var resultType = map[Op]string{
	Query: "Rows", QueryRow: "Row", Exec: "Result", Prepare: "Stmt", Begin: "Tx", Reserve: "Conn",
}

// Lookup returns the table entry for fn: a method of *sql.DB, *sql.Tx,
// *sql.Conn or *sql.Stmt from the table, or a method of an interface
// named like one. ok is false for everything else.
func Lookup(fn *types.Func) (m Method, ok bool) {
	if fn == nil {
		return Method{}, false
	}
	sig, isSig := fn.Type().(*types.Signature)
	if !isSig || sig.Recv() == nil {
		return Method{}, false
	}
	op, known := opOf[fn.Name()]
	if !known {
		return Method{}, false
	}
	m = Method{Op: op, Name: fn.Name(), Text: -1}
	if _, isIface := sig.Recv().Type().Underlying().(*types.Interface); isIface {
		m.On = OnInterface
		m.Typed = returnsSQLType(sig, op)
		if op != Begin && op != Reserve {
			m.Text = firstString(sig)
		}
		return m, true
	}
	pkg, typ := predicate.ReceiverName(fn)
	if pkg != sqlPath {
		return Method{}, false
	}
	recv, isSQL := receivers[typ]
	if !isSQL || !slices.Contains(methods[typ], fn.Name()) {
		return Method{}, false
	}
	m.On, m.Typed = recv, true
	if recv != OnStmt && op != Begin && op != Reserve {
		m.Text = 0
		if strings.HasSuffix(fn.Name(), "Context") {
			m.Text = 1
		}
	}
	return m, true
}

// LookupCall is Lookup for the function an SSA call invokes.
func LookupCall(c *ssa.CallCommon) (Method, bool) {
	return Lookup(predicate.Callee(c))
}

// IsResultType reports whether t is the database/sql type op returns
// (*sql.Rows for Query, sql.Result for Exec, ...).
func IsResultType(t types.Type, op Op) bool {
	name, ok := resultType[op]
	if !ok {
		return false
	}
	if op == Exec {
		return predicate.IsTypeNamed(t, sqlPath, name)
	}
	return predicate.IsPointerToNamed(t, sqlPath, name)
}

// returnsSQLType reports whether an interface method's first result is
// the database/sql type its name promises.
func returnsSQLType(sig *types.Signature, op Op) bool {
	return sig.Results().Len() > 0 && IsResultType(sig.Results().At(0).Type(), op)
}

// firstString is the index of the first string parameter: where an
// interface method takes its SQL text, whether or not a context comes
// first (pgx names its context-taking methods Query and Exec).
func firstString(sig *types.Signature) int {
	for i := 0; i < sig.Params().Len(); i++ {
		if predicate.IsBasicKind(sig.Params().At(i).Type(), types.String) {
			return i
		}
	}
	return -1
}
