package txerror

import (
	"go/constant"
	"go/token"
	"go/types"
	"slices"

	"golang.org/x/tools/go/ssa"

	"github.com/drillhq/drill/analyzers/internal/predicate"
	"github.com/drillhq/drill/analyzers/internal/resource"
	"github.com/drillhq/drill/analyzers/internal/sqlcall"
)

// A transaction that only reads. When its Commit fails nothing is lost:
// the rows were scanned before, and Commit gives the connection back
// either way. So a dropped Commit error there is not worth a report. Any
// write, any text we cannot read, any use of the transaction we do not
// understand keeps the report.

// readOnlyTx reports whether tx, the receiver of a Commit in fn, is a
// transaction begun in fn (db.Begin, db.BeginTx, conn.BeginTx, or sqlx's
// Beginx family, the *sqlx.Tx seen through the *sql.Tx a promoted Commit
// receives) on which every statement is a plain read.
func (c *checker) readOnlyTx(tx ssa.Value) bool {
	tx = resource.Unwrap(tx)
	begin := beginOf(tx)
	if begin == nil {
		return false // a parameter, a field, a phi: statements we do not see
	}
	// An interface's Begin, or a helper returning a fresh *sql.Tx, may
	// run statements of its own before handing the transaction over.
	m, ok := sqlcall.LookupText(predicate.Callee(&begin.Call))
	if !ok || m.Op != sqlcall.Begin || (m.On != sqlcall.OnDB && m.On != sqlcall.OnConn) {
		return false
	}
	return readsOnlyOn(tx, c.readsOnly, true)
}

// readsOnlyOn reports whether every use of tx is a plain read on it: a
// Query or QueryRow whose text is a constant plain SELECT, or a call that
// hands tx to a helper which only reads it. With mayFinish, Commit and
// Rollback (called or deferred) are allowed too. Everything else (Exec,
// Prepare, Stmt, a non-constant text, storing tx, capturing it in a
// closure, passing it to an unknown function) is not.
func readsOnlyOn(tx ssa.Value, readsOnly paramLookup, mayFinish bool) bool {
	for _, r := range predicate.Referrers(tx) {
		switch r := r.(type) {
		case *ssa.DebugRef:
		case *ssa.Call:
			if !readUse(tx, &r.Call, readsOnly, mayFinish) {
				return false
			}
		case *ssa.Defer:
			if !mayFinish || !finishes(tx, &r.Call) {
				return false
			}
		case *ssa.FieldAddr:
			// The *sql.Tx inside an *sqlx.Tx, loaded for a promoted
			// method: what is done with it is done with tx.
			if !resource.IsSqlxTx(tx.Type()) || predicate.FieldName(r) != "Tx" || !innerReadsOnly(r, readsOnly, mayFinish) {
				return false
			}
		default:
			return false
		}
	}
	return true
}

// innerReadsOnly reports whether every load of the *sql.Tx field fa is
// only read through.
func innerReadsOnly(fa *ssa.FieldAddr, readsOnly paramLookup, mayFinish bool) bool {
	for _, r := range predicate.Referrers(fa) {
		switch r := r.(type) {
		case *ssa.DebugRef:
		case *ssa.UnOp:
			if r.Op != token.MUL || !readsOnlyOn(r, readsOnly, mayFinish) {
				return false
			}
		default:
			return false
		}
	}
	return true
}

// readUse reports whether call uses tx only to read.
func readUse(tx ssa.Value, call *ssa.CallCommon, readsOnly paramLookup, mayFinish bool) bool {
	fn := predicate.Callee(call)
	if fn == nil || call.IsInvoke() {
		return false
	}
	if mayFinish && finishes(tx, call) {
		return true
	}
	var at []int
	for i, a := range call.Args {
		if a == tx {
			at = append(at, i)
		}
	}
	if len(at) != 1 {
		return false // tx twice in one call: not a shape we know
	}
	if inSqlx(fn) {
		// sqlx's Select, Get, Queryx, QueryRowx on the *sqlx.Tx.
		m, ok := sqlcall.LookupText(fn)
		return ok && m.On == sqlcall.OnTx && at[0] == 0 &&
			(m.Op == sqlcall.Query || m.Op == sqlcall.QueryRow) && constRead(call, m)
	}
	if m, ok := sqlcall.Lookup(fn); ok {
		return m.On == sqlcall.OnTx && at[0] == 0 &&
			(m.Op == sqlcall.Query || m.Op == sqlcall.QueryRow) && constRead(call, m)
	}
	return fn.Pkg() != nil && fn.Pkg().Path() != sqlPath && readsOnly(fn, at[0])
}

// finishes reports whether call is tx.Commit() or tx.Rollback().
func finishes(tx ssa.Value, call *ssa.CallCommon) bool {
	fn := predicate.Callee(call)
	return (isCommit(fn) || isRollback(fn)) && !call.IsInvoke() && len(call.Args) == 1 && call.Args[0] == tx
}

// constRead reports whether the SQL text of call is a plain read: a
// constant (a literal, a local or package const, or a local assigned once
// from one), or fmt.Sprintf of a constant format that is one
// (fmt.Sprintf(prevNextSQL, order) filling in an ORDER BY column). What
// the verbs splice in cannot turn a SELECT into a write short of an
// injection, which is sqlinject's to report.
func constRead(call *ssa.CallCommon, m sqlcall.Method) bool {
	i := m.TextArg(call)
	if i < 0 || i >= len(call.Args) {
		return false
	}
	text := call.Args[i]
	if sprintf, ok := text.(*ssa.Call); ok && len(sprintf.Call.Args) > 0 {
		if fn, ok := sprintf.Call.Value.(*ssa.Function); ok && fn.Pkg != nil &&
			fn.Pkg.Pkg.Path() == "fmt" && fn.Name() == "Sprintf" {
			text = sprintf.Call.Args[0]
		}
	}
	k, ok := text.(*ssa.Const)
	if !ok || k.Value == nil || k.Value.Kind() != constant.String {
		return false
	}
	return readOnlySQL(constant.StringVal(k.Value))
}

// maxReadsOnlyRounds bounds the fixed-point iteration of computeReadsOnly:
// each round climbs one more level of same-package helpers handing the
// transaction on. A fact not reached in time is only absent, which keeps
// today's report.
const maxReadsOnlyRounds = 8

// computeReadsOnly finds, for each function, the *sql.Tx parameters it
// only reads through, directly or through other such helpers. A helper
// that commits or rolls back its parameter is not one: the transaction's
// fate is then decided out of the caller's sight.
func computeReadsOnly(funcs []*ssa.Function, importFact func(*types.Func) *txFact) map[*types.Func][]int {
	out := map[*types.Func][]int{}
	known := func(fn *types.Func, i int) bool {
		if idx, ok := out[fn]; ok {
			return slices.Contains(idx, i)
		}
		f := importFact(fn)
		return f != nil && slices.Contains(f.ReadsOnly, i)
	}
	for range maxReadsOnlyRounds {
		changed := false
		for _, fn := range funcs {
			obj, ok := fn.Object().(*types.Func)
			if !ok || fn.Parent() != nil || len(fn.Blocks) == 0 {
				continue
			}
			var idx []int
			for i, p := range fn.Params {
				if isTxType(p.Type()) && readsOnlyOn(p, known, false) {
					idx = append(idx, i)
				}
			}
			// Facts only grow: a helper found read-only stays so, which
			// makes the iteration end.
			if len(idx) > len(out[obj]) {
				out[obj] = idx
				changed = true
			}
		}
		if !changed {
			break
		}
	}
	return out
}
