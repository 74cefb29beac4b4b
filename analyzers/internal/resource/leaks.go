package resource

import (
	"go/types"
	"strings"

	"golang.org/x/tools/go/ssa"

	"github.com/drillhq/drill/analyzers/internal/predicate"
)

// Leak is one resource that is not released on some path.
type Leak struct {
	Fn   *ssa.Function
	Call *ssa.Call // the acquiring call
	Src  Source

	Discarded   bool       // the resource result is thrown away
	DeferInLoop *ssa.Defer // released by a defer that runs once per function, not per iteration
	Path        *leakPath  // a path on which it is not released
	tracker     *tracker   // for describing the path
	errIf       map[*ssa.If]int
	fixable     bool              // the resource never escapes and is not acquired in a loop
	defers      []ssa.Instruction // deferred releases that run too late (after an early return)
	deferHolds  bool              // an iteration can reach the next acquisition still holding it
	// openerFailure is set when a pool leaks only on the error returns
	// of its constructor (opener.go): not reported where it is opened.
	openerFailure bool
	// Repeats, on a call of such a constructor, says why each failure
	// leaks another pool: "loop" or "request" (repeatsOnFailure).
	Repeats string
}

// FindLeaks returns every leak, of any kind, in funcs. Whether a resource
// leaks does not depend on which analyzer asks, so the leaks are found once
// and each analyzer keeps the kinds it reports on.
func FindLeaks(facts Facts, funcs []*ssa.Function) []*Leak {
	var out []*Leak
	for _, fn := range funcs {
		ifs, calls := ifsAndCalls(fn)
		isMain := fn.Name() == "main" && fn.Parent() == nil && fn.Pkg != nil && fn.Pkg.Pkg.Name() == "main"
		for _, call := range calls {
			if callsFailingOpener(facts, call) {
				if why := repeatsOnFailure(fn, call, ifs); why != "" {
					out = append(out, &Leak{Fn: fn, Call: call, Src: Source{Kind: DB, ErrIndex: -1}, Repeats: why})
				}
			}
			src, ok := SourceOf(facts, &call.Call)
			if !ok {
				continue
			}
			if src.Kind == DB && isMain {
				continue // the process exit closes it
			}
			if l := checkAcquisition(facts, fn, call, src, ifs, calls); l != nil && !l.openerFailure {
				out = append(out, l)
			}
		}
	}
	return out
}

// ifsAndCalls returns fn's If instructions and calls, in block order.
func ifsAndCalls(fn *ssa.Function) (ifs []*ssa.If, calls []*ssa.Call) {
	for _, b := range fn.Blocks {
		for _, in := range b.Instrs {
			switch in := in.(type) {
			case *ssa.If:
				ifs = append(ifs, in)
			case *ssa.Call:
				calls = append(calls, in)
			}
		}
	}
	return ifs, calls
}

// ResultsOf returns the values an acquiring call yields: the resource and
// its error (nil when absent or unused).
func ResultsOf(call *ssa.Call, src Source) (res, errv ssa.Value) {
	if _, tuple := call.Type().(*types.Tuple); !tuple {
		if len(*call.Referrers()) > 0 {
			res = call
		}
		return res, nil
	}
	for _, r := range *call.Referrers() {
		if ex, ok := r.(*ssa.Extract); ok {
			switch ex.Index {
			case src.Index:
				res = ex
			case src.ErrIndex:
				errv = ex
			}
		}
	}
	return res, errv
}

func checkAcquisition(facts Facts, fn *ssa.Function, call *ssa.Call, src Source, ifs []*ssa.If, calls []*ssa.Call) *Leak {
	res, errv := ResultsOf(call, src)
	if src.InTx && txBegunHere(facts, call) {
		// Rows read through a transaction are closed when it commits or
		// rolls back, and the transaction's own path is checked apart.
		return nil
	}
	l := &Leak{Fn: fn, Call: call, Src: src}
	if res == nil || len(*res.Referrers()) == 0 { // `_, err := db.Query(...)`
		if errv != nil && expectsFailure(facts, fn, call, src, errv, ifs, calls) {
			return nil
		}
		l.Discarded = true
		return l
	}

	t := newTracker(facts, fn, src.Kind, res, roleSelf, 0)
	l.tracker = t

	var ec *errCtx
	if errv != nil {
		errs := phiClosure(errv)
		// checkResponse(resp, err): the error is interpreted together
		// with the resource by code we do not see. Stay silent.
		for _, c := range calls {
			var hasErr, hasRes bool
			for _, a := range c.Call.Args {
				hasErr = hasErr || errs[a]
				_, tracked := t.vals[a]
				hasRes = hasRes || tracked
			}
			if hasErr && hasRes {
				return nil
			}
		}
		ec = newErrCtx(errv, ifs)
		l.errIf = ec.ifs
	}

	acqBlock := call.Block()
	inLoop := reaches(acqBlock, acqBlock)
	t.guard, t.guardStart = guardOf(call)
	for _, b := range fn.Blocks {
		for _, in := range b.Instrs {
			if t.eff[in] != effDeferRelease {
				continue
			}
			l.defers = append(l.defers, in)
			d, ok := in.(*ssa.Defer)
			if !ok || !inLoop || !reaches(d.Block(), acqBlock) {
				continue
			}
			// Does some iteration get back to the acquisition holding
			// the resource, with only this defer to release it?
			t.eff[d], t.loopOnly = effNone, true
			p := t.search(d.Block(), indexOf(d)+1, call, ec, false)
			t.eff[d], t.loopOnly = effDeferRelease, false
			l.DeferInLoop = d
			l.deferHolds = p != nil && p.loop
			return l
		}
	}

	p := t.search(acqBlock, indexOf(call)+1, call, ec, false)
	if p == nil {
		return nil
	}
	l.Path = p
	l.openerFailure = openerFailureOnly(t, fn, call, ec)
	// A resource captured by a closure has a cleanup scheme of its own:
	// which of its calls is missing is for the author to decide.
	l.fixable = !inLoop && !t.hasEscape() && !t.viaCell
	return l
}

// expectsFailure reports, for a call whose resource is thrown away, whether
// the code expects the call to fail, so that it never returns holding a
// live resource: a test that fails when the error is nil (`if err == nil {
// t.Fatal(...) }`), or code that only goes on with err.Error().
func expectsFailure(facts Facts, fn *ssa.Function, call *ssa.Call, src Source, errv ssa.Value, ifs []*ssa.If, calls []*ssa.Call) bool {
	empty := newTracker(facts, fn, src.Kind, nil, roleSelf, 0)
	for _, c := range calls {
		if f := predicate.Callee(&c.Call); f != nil && f.Pkg() != nil && f.Pkg().Path() == "testing" &&
			(strings.HasPrefix(f.Name(), "Error") || strings.HasPrefix(f.Name(), "Fatal") || strings.HasPrefix(f.Name(), "Fail")) {
			empty.eff[c] = effRelease // the test fails on this path: success was unexpected
		}
	}
	errs := phiClosure(errv)
	for _, c := range calls {
		if c.Call.IsInvoke() && errs[c.Call.Value] {
			empty.eff[c] = effRelease // err.Error(): the code expects a failure here
		}
	}
	return empty.search(call.Block(), indexOf(call)+1, call, newErrCtx(errv, ifs), false) == nil
}

// OpenRegion calls visit for every instruction that can run while the
// resource acquired by call is still held: after the acquisition succeeds
// and before it is released (a deferred release does not count, it runs
// at the very end) or handed somewhere we cannot follow. Used by txerror
// to find statements sent around an open transaction.
func OpenRegion(facts Facts, fn *ssa.Function, call *ssa.Call, src Source, visit func(ssa.Instruction)) {
	res, errv := ResultsOf(call, src)
	if res == nil {
		return
	}
	var ifs []*ssa.If
	for _, b := range fn.Blocks {
		if len(b.Instrs) == 0 {
			continue
		}
		if iff, ok := b.Instrs[len(b.Instrs)-1].(*ssa.If); ok {
			ifs = append(ifs, iff)
		}
	}
	t := newTracker(facts, fn, src.Kind, res, roleSelf, 0)
	t.visit = visit
	var ec *errCtx
	if errv != nil {
		ec = newErrCtx(errv, ifs)
	}
	t.search(call.Block(), indexOf(call)+1, call, ec, false)
}

// txBegunHere reports whether the receiver of a tx.Query call is a
// transaction begun in the same function: by a call returning (tx, err),
// or by sqlx's MustBegin returning the tx alone, seen through the *sqlx.Tx
// that a promoted tx.Query loads its *sql.Tx from.
func txBegunHere(facts Facts, call *ssa.Call) bool {
	if len(call.Call.Args) == 0 {
		return false
	}
	var begin *ssa.Call
	switch v := Unwrap(call.Call.Args[0]).(type) {
	case *ssa.Extract:
		begin, _ = v.Tuple.(*ssa.Call)
	case *ssa.Call:
		begin = v
	}
	if begin == nil {
		return false
	}
	src, ok := SourceOf(facts, &begin.Call)
	return ok && src.Kind == Tx
}
