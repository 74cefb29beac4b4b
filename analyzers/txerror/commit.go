package txerror

import (
	"golang.org/x/tools/go/ssa"

	"github.com/drillhq/drill/analyzers/internal/predicate"
	"github.com/drillhq/drill/analyzers/internal/resource"
)

// Commit's own error: dropped, or only logged, where the caller goes on to
// report success.

// checkCommit reports a Commit whose error goes nowhere but a log.
func (c *checker) checkCommit(fn *ssa.Function, call *ssa.Call) {
	if !onlyLogged(call) || c.readOnlyTx(call.Call.Args[0]) {
		return // handled, or nothing to lose: the transaction only read
	}
	tx := c.recvText(&call.Call)
	used := false
	for _, r := range *call.Referrers() {
		if _, ok := r.(*ssa.DebugRef); !ok {
			used = true
		}
	}
	pos := c.stmtPos(call)
	if used && !deferredClosure(fn) && !failureOnlyLogged(call) {
		return // `if err != nil { http.Error(...); return }` handles it
	}
	switch {
	case deferredClosure(fn) && !used:
		c.report(call, pos, "the error of %s.Commit in this deferred function is dropped: assign it to the function's named error result so the caller learns the data was not saved", tx)
	case deferredClosure(fn):
		c.report(call, pos, "the error of %s.Commit in this deferred function is only logged: assign it to the function's named error result so the caller learns the data was not saved", tx)
	case !used:
		c.report(call, pos, "the error of %s.Commit is ignored: the caller reports success even when nothing was saved", tx)
	default:
		c.report(call, pos, "the error of %s.Commit is only logged: the caller reports success even when nothing was saved", tx)
	}
}

// deferredClosure reports whether fn is a function literal run by defer.
func deferredClosure(fn *ssa.Function) bool {
	parent := fn.Parent()
	if parent == nil {
		return false
	}
	for _, b := range parent.Blocks {
		for _, in := range b.Instrs {
			switch in := in.(type) {
			case *ssa.Defer:
				if in.Call.Value == ssa.Value(fn) {
					return true
				}
			case *ssa.MakeClosure:
				if in.Fn != ssa.Value(fn) {
					continue
				}
				for _, r := range *in.Referrers() {
					if d, ok := r.(*ssa.Defer); ok && d.Call.Value == ssa.Value(in) {
						return true
					}
				}
			}
		}
	}
	return false
}

// failureOnlyLogged reports whether the code run when errv is non-nil does
// nothing but log before rejoining the success path: no return, no panic,
// no call that acts on the failure.
func failureOnlyLogged(errv ssa.Value) bool {
	vals := map[ssa.Value]bool{errv: true}
	for _, r := range *errv.Referrers() {
		b, ok := r.(*ssa.BinOp)
		if !ok {
			continue
		}
		for _, br := range *b.Referrers() {
			iff, ok := br.(*ssa.If)
			if !ok {
				continue
			}
			s, ok := nilCheckSucc(iff.Cond, vals)
			if !ok {
				continue
			}
			if !onlyLogsUntilJoin(iff.Block().Succs[s], iff.Block().Succs[1-s]) {
				return false
			}
		}
	}
	return true
}

// maxLogChainBlocks bounds the chain of blocks onlyLogsUntilJoin follows.
// Logging a failure takes a block or two (the call, a varargs slice); a
// longer chain is doing real work, and giving up there means "not only
// logged", so no report.
const maxLogChainBlocks = 16

// onlyLogsUntilJoin follows the single-successor chain from b and reports
// whether it reaches a block also reachable from other, running only
// logging code on the way.
func onlyLogsUntilJoin(b, other *ssa.BasicBlock) bool {
	for range maxLogChainBlocks {
		if b == other || resource.Reachable(b, other) {
			return true
		}
		for _, in := range b.Instrs {
			switch in := in.(type) {
			case *ssa.Return, *ssa.Panic:
				return false
			case ssa.CallInstruction:
				if !harmlessCall(in.Common()) {
					return false
				}
			case *ssa.Store:
				if _, ok := in.Addr.(*ssa.IndexAddr); !ok { // varargs slots only
					return false
				}
			}
		}
		if len(b.Succs) != 1 {
			return false
		}
		b = b.Succs[0]
	}
	return false
}

// harmlessCall is a call that only logs or formats.
func harmlessCall(c *ssa.CallCommon) bool {
	fn := predicate.Callee(c)
	if fn == nil {
		return false
	}
	if c.IsInvoke() && fn.Name() == "Error" {
		return true
	}
	return isLogSink(fn) || isStringify(fn)
}
