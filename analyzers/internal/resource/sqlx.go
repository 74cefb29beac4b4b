package resource

import (
	"go/token"
	"go/types"

	"golang.org/x/tools/go/ssa"

	"github.com/drillhq/drill/analyzers/internal/predicate"
	"github.com/drillhq/drill/analyzers/internal/sqlcall"
)

// sqlx (github.com/jmoiron/sqlx) wraps database/sql's resources in structs
// that embed them: *sqlx.Rows embeds *sql.Rows, *sqlx.Tx *sql.Tx,
// *sqlx.Stmt *sql.Stmt and *sqlx.Conn *sql.Conn, and *sqlx.NamedStmt holds
// an *sqlx.Stmt in its field Stmt. A wrapper is the resource under another
// type. rows.Close() on an *sqlx.Rows is, in SSA, a load of the embedded
// field and (*sql.Rows).Close on what was loaded, so the tracker takes
// that load for the resource itself (innerField) and database/sql's own
// rules do the rest: Close, Next, Commit and Rollback keep their meaning.
// sqlx's own methods on a wrapper (StructScan, Select, Get, Queryx, ...)
// only use it, except NamedStmt.Close, which releases it, and Unsafe,
// which returns a second wrapper around the same resource and so hands it
// on. sqlx is a required module in real applications, where no facts are
// computed for it; it is judged by these rules alone, never by facts, so
// that a stub in testdata behaves like the real package.
//
// *sqlx.DB is not a resource here: a pool opened with sqlx.Open or
// sqlx.Connect is not tracked (its promoted methods still are database/sql's).

const sqlxPath = "github.com/jmoiron/sqlx"

// sqlxWrapper is an sqlx type that stands for a resource, and the field
// holding the resource it wraps.
type sqlxWrapper struct {
	kind  Kind
	inner string
}

var sqlxWrappers = map[string]sqlxWrapper{
	"Rows":      {Rows, "Rows"},
	"Stmt":      {Stmt, "Stmt"},
	"NamedStmt": {Stmt, "Stmt"}, // not embedded: a named field holding an *sqlx.Stmt
	"Tx":        {Tx, "Tx"},
	"Conn":      {Conn, "Conn"},
}

// sqlxKindOf maps *sqlx.Rows, *sqlx.Stmt, *sqlx.NamedStmt, *sqlx.Tx and
// *sqlx.Conn to the resource they wrap, or NoKind.
func sqlxKindOf(t types.Type) Kind {
	w, ok := wrapperOf(t)
	if !ok {
		return NoKind
	}
	return w.kind
}

// wrapperOf returns the sqlx wrapper t points to.
func wrapperOf(t types.Type) (sqlxWrapper, bool) {
	for name, w := range sqlxWrappers {
		if predicate.IsPointerToNamed(t, sqlxPath, name) {
			return w, true
		}
	}
	return sqlxWrapper{}, false
}

// innerField reports whether fa selects, from an sqlx wrapper, the field
// holding the resource it wraps (rows.Rows, tx.Tx, namedStmt.Stmt).
func innerField(fa *ssa.FieldAddr) bool {
	w, ok := wrapperOf(fa.X.Type())
	return ok && predicate.FieldName(fa) == w.inner
}

// Unwrap returns the sqlx wrapper v was loaded from when v is the
// database/sql resource inside one (the *sql.Tx in `tx.Tx`, which is what
// a promoted tx.Commit() receives), looking through nested wrappers;
// otherwise v itself. Two calls on the same *sqlx.Tx then name the same
// value whether they are sqlx's methods or promoted database/sql ones.
func Unwrap(v ssa.Value) ssa.Value {
	for {
		load, ok := v.(*ssa.UnOp)
		if !ok || load.Op != token.MUL {
			return v
		}
		fa, ok := load.X.(*ssa.FieldAddr)
		if !ok || !innerField(fa) {
			return v
		}
		v = fa.X
	}
}

// IsSqlxTx reports whether t is *sqlx.Tx.
func IsSqlxTx(t types.Type) bool { return predicate.IsPointerToNamed(t, sqlxPath, "Tx") }

// inSqlx reports whether fn belongs to package sqlx.
func inSqlx(fn *types.Func) bool { return fn != nil && fn.Pkg() != nil && fn.Pkg().Path() == sqlxPath }

// sqlxArgEffect is the effect of handing a resource (role roleSelf) to
// sqlx as argument i of fn. The wrapper's own methods use it, but for
// NamedStmt.Close, which releases, and Unsafe, which makes a second
// wrapper of the same resource. tx.NamedStmt(ns) binds a statement to a
// transaction and takes no ownership, like database/sql's tx.Stmt.
// Anything else hands it on: sqlx.NewDb(db, driver) makes the pool the
// new *sqlx.DB's.
func sqlxArgEffect(fn *types.Func, i int, k Kind) effect {
	_, typ := predicate.ReceiverName(fn)
	switch {
	case i == 0 && sqlxWrappers[typ].kind == k && ReleaseMethod(k, fn.Name()):
		return effRelease
	case i == 0 && sqlxWrappers[typ].kind == k && fn.Name() != "Unsafe":
		return effNone
	case i > 0 && k == Stmt && predicate.IsMethodNamed(fn, sqlxPath, "Tx", "NamedStmt", "NamedStmtContext"):
		return effNone
	}
	return effEscape
}

// sqlxSource recognises the sqlx methods that hand back a resource: the
// Queryx and NamedQuery families (*sqlx.Rows), NamedStmt.Query (*sql.Rows),
// Preparex and PrepareNamed on a pool or a connection (*sqlx.Stmt,
// *sqlx.NamedStmt), the Beginx family (*sqlx.Tx) and Connx (*sqlx.Conn).
// Select and Get close their rows before they return, and return only an
// error: never a source. MustBegin and MustBeginTx panic instead of
// returning an error, so they have no error result.
func sqlxSource(fn *types.Func) (Source, bool) {
	if !inSqlx(fn) {
		return Source{}, false
	}
	res := fn.Type().(*types.Signature).Results()
	if res.Len() == 0 {
		return Source{}, false
	}
	k := KindOfType(res.At(0).Type())
	m, known := sqlcall.LookupText(fn)
	switch {
	case k == NoKind || k == DB:
		return Source{}, false
	case known && acquires[m.Op] == k:
	case k == Rows && predicate.IsMethodNamed(fn, sqlxPath, "NamedStmt", "Query", "QueryContext"):
	case k == Conn && predicate.IsMethodNamed(fn, sqlxPath, "DB", "Connx"):
	default:
		return Source{}, false
	}
	if m.On == sqlcall.OnTx && k == Stmt {
		// Closed with the transaction, as for (*sql.Tx).Prepare.
		return Source{}, false
	}
	src := Source{Kind: k, Index: 0, ErrIndex: -1, InTx: m.On == sqlcall.OnTx}
	switch {
	case res.Len() == 2 && predicate.IsErrorType(res.At(1).Type()):
		src.ErrIndex = 1
	case res.Len() != 1:
		return Source{}, false
	}
	return src, true
}

// inner follows the selection of a wrapper's resource field: what is
// loaded from it is the same resource (rows.Close() on an *sqlx.Rows
// closes what `rows.Rows` loads). Assigning the field, or taking its
// address elsewhere, hands the resource out of sight.
func (t *tracker) inner(fa *ssa.FieldAddr) {
	for _, r := range predicate.Referrers(fa) {
		switch r := r.(type) {
		case *ssa.UnOp:
			if r.Op == token.MUL {
				t.add(r, roleSelf)
				continue
			}
			t.set(r, effEscape)
		case *ssa.DebugRef:
		default:
			t.set(r, effEscape)
		}
	}
}
