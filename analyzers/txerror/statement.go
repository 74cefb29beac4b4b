package txerror

import (
	"go/types"

	"golang.org/x/tools/go/ssa"

	"github.com/drillhq/drill/analyzers/internal/predicate"
	"github.com/drillhq/drill/analyzers/internal/resource"
	"github.com/drillhq/drill/analyzers/internal/sqlcall"
)

// A statement on a transaction whose failure can still reach Commit.

// checkStatement reports a transaction statement whose failure can still
// reach Commit of the same transaction.
func (c *checker) checkStatement(fn *ssa.Function, call *ssa.Call) {
	tx, errv, ok := txStatement(call)
	if !ok {
		tx, errv, ok = c.txHelper(call)
	}
	if !ok {
		return
	}
	var begin ssa.Instruction
	if bc := beginOf(tx); bc != nil {
		begin = bc
	}
	w := &walker{fn: fn, tx: tx, begin: begin, errv: errv, stmt: call}
	ignored := errv == nil || !hasUses(errv)
	st := newState()
	if !ignored {
		st.vals[errv] = true
	}
	commit, end := w.walk(call, st)
	if commit == nil {
		return
	}
	what := c.stmtText(call)
	txText := c.recvText(&commit.Call)
	line := c.pass.Fset.Position(commit.Pos()).Line
	pos := c.stmtPos(call)
	switch {
	case ignored && c.blankOrDropped(call):
		c.report(call, pos, "the error of %s is ignored, yet %s is committed (line %d): a failed statement is committed as if it had succeeded", what, txText, line)
	case ignored:
		c.report(call, pos, "the error of %s is overwritten before it is checked, and %s is committed (line %d): a failed statement is committed as if it had succeeded", what, txText, line)
	case end.sawLog:
		c.report(call, pos, "the error of %s is only logged, yet %s is committed (line %d): the transaction commits a half-done change", what, txText, line)
	case end.sawCheck:
		c.report(call, pos, "when %s fails, the code still reaches %s.Commit (line %d): the transaction commits a half-done change", what, txText, line)
	default:
		c.report(call, pos, "the error of %s is not checked before %s is committed (line %d): a failed statement is committed as if it had succeeded", what, txText, line)
	}
}

// txStatement recognises a statement sent through a transaction (Exec,
// Query or Prepare on the Tx, Exec or Query on a statement bound to it,
// Scan or Err of a row it read, and sqlx's own statements) and returns the
// transaction, seen through resource.Unwrap, and the statement's error
// value.
func txStatement(call *ssa.Call) (tx ssa.Value, errv ssa.Value, ok bool) {
	c := &call.Call
	fn := predicate.Callee(c)
	if fn == nil || c.IsInvoke() || len(c.Args) == 0 {
		return nil, nil, false
	}
	if inSqlx(fn) {
		return sqlxStatement(call)
	}
	if predicate.IsMethodNamed(fn, sqlPath, "Row", "Scan", "Err") {
		return rowStatement(call)
	}
	m, _ := sqlcall.Lookup(fn)
	switch {
	case m.On == sqlcall.OnTx && (m.Op == sqlcall.Exec || m.Op == sqlcall.Query || m.Op == sqlcall.Prepare):
		tx = resource.Unwrap(c.Args[0])
	case m.On == sqlcall.OnStmt && (m.Op == sqlcall.Exec || m.Op == sqlcall.Query):
		tx = stmtTx(c.Args[0])
	}
	if tx == nil {
		return nil, nil, false
	}
	return tx, extract(call, 1), true
}

// rowStatement handles row.Scan and row.Err: a QueryRow's error surfaces
// there, so the statement is the pair.
func rowStatement(call *ssa.Call) (tx ssa.Value, errv ssa.Value, ok bool) {
	rowCall, isCall := call.Call.Args[0].(*ssa.Call)
	if !isCall || rowCall.Call.IsInvoke() || len(rowCall.Call.Args) == 0 {
		return nil, nil, false
	}
	m, _ := sqlcall.LookupCall(&rowCall.Call)
	if m.Op != sqlcall.QueryRow {
		return nil, nil, false
	}
	tx = receiverTx(m.On, rowCall.Call.Args[0])
	return tx, call, tx != nil
}

// txHelper recognises a call to a function that runs statements on a
// transaction it is given (and does not finish it) and returns an error:
// `clearCart(ctx, tx, id)` fails exactly when one of its statements does,
// so its error must stop the transaction like a statement's.
func (c *checker) txHelper(call *ssa.Call) (tx ssa.Value, errv ssa.Value, ok bool) {
	cc := &call.Call
	fn := predicate.Callee(cc)
	if fn == nil || cc.IsInvoke() || fn.Pkg() == nil || fn.Pkg().Path() == sqlPath || inSqlx(fn) {
		return nil, nil, false
	}
	sig, _ := fn.Type().(*types.Signature)
	if sig == nil || sig.Results().Len() == 0 || !predicate.IsErrorType(sig.Results().At(sig.Results().Len()-1).Type()) {
		return nil, nil, false
	}
	for i, a := range cc.Args {
		if !isTxType(a.Type()) || !c.facts.Borrows(fn, i) {
			continue
		}
		if n := sig.Results().Len(); n == 1 {
			errv = call
		} else {
			errv = extract(call, n-1)
		}
		return resource.Unwrap(a), errv, true
	}
	return nil, nil, false
}

// stmtTx returns the transaction a *sql.Stmt (or sqlx's *sqlx.Stmt or
// *sqlx.NamedStmt) belongs to, if it was made by tx.Prepare or tx.Stmt (or
// sqlx's Preparex, PrepareNamed, Stmtx or NamedStmt) in this function.
func stmtTx(stmt ssa.Value) ssa.Value {
	var call *ssa.Call
	switch v := resource.Unwrap(stmt).(type) {
	case *ssa.Extract:
		call, _ = v.Tuple.(*ssa.Call)
	case *ssa.Call:
		call = v
	}
	if call == nil || call.Call.IsInvoke() || len(call.Call.Args) == 0 {
		return nil
	}
	fn := predicate.Callee(&call.Call)
	if m, ok := sqlcall.LookupText(fn); ok && m.On == sqlcall.OnTx && m.Op == sqlcall.Prepare {
		return resource.Unwrap(call.Call.Args[0])
	}
	// Binding a pool statement to the Tx sends no SQL, so sqlcall's table
	// does not list it.
	if predicate.IsMethodNamed(fn, sqlPath, "Tx", "Stmt", "StmtContext") || sqlxBindsTx(fn) {
		return resource.Unwrap(call.Call.Args[0])
	}
	return nil
}

func extract(call *ssa.Call, i int) ssa.Value {
	for _, r := range *call.Referrers() {
		if ex, ok := r.(*ssa.Extract); ok && ex.Index == i {
			return ex
		}
	}
	return nil
}

func hasUses(v ssa.Value) bool {
	refs := v.Referrers()
	if refs == nil {
		return false
	}
	for _, r := range *refs {
		if _, ok := r.(*ssa.DebugRef); !ok {
			return true
		}
	}
	return false
}
