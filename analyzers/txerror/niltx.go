package txerror

import (
	"go/token"
	"go/types"

	"golang.org/x/tools/go/ssa"

	"github.com/drillhq/drill/analyzers/internal/predicate"
	"github.com/drillhq/drill/analyzers/internal/resource"
)

// A transaction used where Begin has failed: Begin returns a nil *sql.Tx
// with its error, and every method of a nil *sql.Tx panics. Two shapes:
//
//	tx, err := db.Begin()
//	defer tx.Rollback() // registered before the check: runs on the error return
//	if err != nil {
//		return err
//	}
//
//	if err != nil {
//		tx.Rollback() // on the failure branch itself
//		return err
//	}

// checkNilTx reports methods of txv called (or deferred) where the Begin
// that produced it may have failed.
func (c *checker) checkNilTx(call *ssa.Call, txv, errv ssa.Value, txName string) {
	failed := failureBlocks(errv)
	if len(failed) == 0 {
		return // the error is not checked against nil here: nothing to anchor on
	}
	for _, u := range txUses(txv) {
		b := u.in.Block()
		for _, f := range failed {
			switch {
			case f.Dominates(b):
				c.report(u.in, u.in.Pos(), "%s is nil here because %s failed: %s.%s panics; return the error without touching %s",
					txName, resource.CalleeName(&call.Call), txName, u.fn.Name(), txName)
			case u.deferred && u.loads && b.Dominates(f.Preds[0]) && !afterCheck(b, f):
				c.report(u.in, u.in.Pos(), "this deferred %s.%s is registered before the error of %s is checked: when it fails %s is nil, and the defer statement itself panics, loading the *sql.Tx from the nil *sqlx.Tx (defer it after the check)",
					txName, u.fn.Name(), resource.CalleeName(&call.Call), txName)
			case u.deferred && b.Dominates(f.Preds[0]) && !afterCheck(b, f):
				c.report(u.in, u.in.Pos(), "this deferred %s.%s is registered before the error of %s is checked: when it fails %s is nil, and the deferred call panics on the way out (defer it after the check)",
					txName, u.fn.Name(), resource.CalleeName(&call.Call), txName)
			default:
				continue
			}
			break
		}
	}
}

// txUse is a method called (or deferred) on a transaction.
type txUse struct {
	in       ssa.Instruction
	fn       *types.Func
	deferred bool
	// loads is set for a database/sql method promoted through an
	// *sqlx.Tx: the *sql.Tx is loaded from the wrapper where the call
	// or defer statement is, so a nil wrapper panics right there.
	loads bool
}

// txUses returns the method calls and defers on txv: methods of *sql.Tx
// on txv, and for an *sqlx.Tx sqlx's own methods on it and database/sql's
// on the *sql.Tx loaded from it.
func txUses(txv ssa.Value) []txUse {
	var out []txUse
	add := func(ref ssa.Instruction, recv ssa.Value, loads bool) {
		var common *ssa.CallCommon
		deferred := false
		switch in := ref.(type) {
		case *ssa.Call:
			common = &in.Call
		case *ssa.Defer:
			common, deferred = &in.Call, true
		default:
			return
		}
		fn := predicate.Callee(common)
		if fn == nil || common.IsInvoke() || len(common.Args) == 0 || common.Args[0] != recv {
			return
		}
		if predicate.IsMethodOf(fn, sqlPath, "Tx") || predicate.IsMethodOf(fn, sqlxPath, "Tx") {
			out = append(out, txUse{in: ref, fn: fn, deferred: deferred, loads: loads})
		}
	}
	for _, ref := range predicate.Referrers(txv) {
		fa, ok := ref.(*ssa.FieldAddr)
		if !ok {
			add(ref, txv, false)
			continue
		}
		if !resource.IsSqlxTx(txv.Type()) || predicate.FieldName(fa) != "Tx" {
			continue
		}
		for _, l := range predicate.Referrers(fa) {
			if load, ok := l.(*ssa.UnOp); ok && load.Op == token.MUL {
				for _, u := range predicate.Referrers(load) {
					add(u, load, true)
				}
			}
		}
	}
	return out
}

// failureBlocks returns the blocks entered when errv is not nil: the
// branches of each `if err != nil` (or the else of `if err == nil`) on it.
func failureBlocks(errv ssa.Value) []*ssa.BasicBlock {
	var out []*ssa.BasicBlock
	for _, ref := range predicate.Referrers(errv) {
		cmp, ok := ref.(*ssa.BinOp)
		if !ok || (cmp.Op != token.NEQ && cmp.Op != token.EQL) {
			continue
		}
		if !predicate.IsNilConst(cmp.X) && !predicate.IsNilConst(cmp.Y) {
			continue
		}
		for _, use := range predicate.Referrers(cmp) {
			branch, ok := use.(*ssa.If)
			if !ok || branch.Cond != cmp {
				continue
			}
			succ := branch.Block().Succs[0] // err != nil: the then-branch
			if cmp.Op == token.EQL {
				succ = branch.Block().Succs[1]
			}
			if len(succ.Preds) == 1 { // entered only from the check
				out = append(out, succ)
			}
		}
	}
	return out
}

// afterCheck reports whether the defer in block b comes after the check
// that leads to f, so that it only runs once err is known to be nil: b is
// dominated by the check's success side.
func afterCheck(b, f *ssa.BasicBlock) bool {
	check := f.Preds[0]
	for _, s := range check.Succs {
		if s != f && s.Dominates(b) {
			return true
		}
	}
	return false
}
