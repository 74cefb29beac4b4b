package txerror

import (
	"go/token"

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
	for _, ref := range predicate.Referrers(txv) {
		var common *ssa.CallCommon
		deferred := false
		switch in := ref.(type) {
		case *ssa.Call:
			common = &in.Call
		case *ssa.Defer:
			common, deferred = &in.Call, true
		default:
			continue
		}
		fn := predicate.Callee(common)
		if fn == nil || common.IsInvoke() || len(common.Args) == 0 || common.Args[0] != txv ||
			!predicate.IsMethodOf(fn, sqlPath, "Tx") {
			continue
		}
		b := ref.Block()
		for _, f := range failed {
			switch {
			case f.Dominates(b):
				c.report(ref, ref.Pos(), "%s is nil here because %s failed: %s.%s panics; return the error without touching %s",
					txName, resource.CalleeName(&call.Call), txName, fn.Name(), txName)
			case deferred && b.Dominates(f.Preds[0]) && !afterCheck(b, f):
				c.report(ref, ref.Pos(), "this deferred %s.%s is registered before the error of %s is checked: when it fails %s is nil, and the deferred call panics on the way out (defer it after the check)",
					txName, fn.Name(), resource.CalleeName(&call.Call), txName)
			default:
				continue
			}
			break
		}
	}
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
