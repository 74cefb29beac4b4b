package resource

import (
	"go/token"
	"go/types"
	"maps"

	"golang.org/x/tools/go/ssa"

	"github.com/drillhq/drill/analyzers/internal/predicate"
)

// A pool's constructor: a function that opens a *sql.DB, hands it back
// (alone or inside its result) on success, and returns an error without
// closing it when its setup fails (Ping, a driver option):
//
//	func Open(dsn string) (*Store, error) {
//		db, err := sql.Open("pgx", dsn)
//		...
//		if err := db.Ping(); err != nil {
//			return nil, err // db left open
//		}
//		return &Store{db: db}, nil
//	}
//
// A failed constructor leaves one pool behind: its opener goroutine and
// any connection the setup made. Called once at startup, the process then
// exits, and nothing is lost. Called again after a failure (a retry loop)
// or on every request, each failure leaks another pool. So the
// constructor itself is not reported; it gets the fact LeaksPoolOnError,
// and the calls that repeat after a failure are reported instead. A
// constructor's callers in other packages are not visible to it, which is
// why the report moves to the caller rather than being decided here.

// openerFailureOnly reports whether the pool tracked by t, acquired in fn,
// leaks only on fn's error returns while fn returns the pool on success:
// with those returns taken as the end of a path, no leak is left.
func openerFailureOnly(t *tracker, fn *ssa.Function, call *ssa.Call, ec *errCtx) bool {
	if t.kind != DB || !returnsError(fn.Signature) || !returnsPool(fn, t) {
		return false
	}
	saved := map[ssa.Instruction]effect{}
	for _, b := range fn.Blocks {
		if len(b.Instrs) == 0 {
			continue
		}
		ret, ok := b.Instrs[len(b.Instrs)-1].(*ssa.Return)
		if !ok || !failing(ret.Results[len(ret.Results)-1]) {
			continue
		}
		saved[ret] = t.eff[ret]
		t.eff[ret] = effRelease
	}
	p := t.search(call.Block(), indexOf(call)+1, call, ec, false)
	maps.Copy(t.eff, saved)
	return len(saved) > 0 && p == nil
}

// returnsError reports whether a signature's last result is an error.
func returnsError(sig *types.Signature) bool {
	n := sig.Results().Len()
	return n > 0 && predicate.IsErrorType(sig.Results().At(n-1).Type())
}

// failing reports whether v, an error being returned, is certainly an
// error made or received on this path: a call's result (fmt.Errorf, the
// err of db.Ping), a sentinel variable, or a concrete error value. A load
// of a named result may be nil and does not count.
func failing(v ssa.Value) bool {
	switch v := v.(type) {
	case *ssa.Call, *ssa.Extract, *ssa.MakeInterface:
		return true
	case *ssa.UnOp:
		_, global := v.X.(*ssa.Global)
		return v.Op == token.MUL && global
	}
	return false
}

// returnsPool reports whether some return of fn with a nil error hands
// back the pool tracked by t: the pool itself, or a struct it was stored
// in (&conn{db: db}, Store{db}), possibly converted to an interface.
func returnsPool(fn *ssa.Function, t *tracker) bool {
	holders := map[ssa.Value]bool{}
	var work []ssa.Value
	hold := func(v ssa.Value) {
		if !holders[v] {
			holders[v] = true
			work = append(work, v)
		}
	}
	for v, r := range t.vals {
		if r == roleSelf {
			hold(v)
		}
	}
	for len(work) > 0 {
		v := work[len(work)-1]
		work = work[:len(work)-1]
		for _, r := range predicate.Referrers(v) {
			switch r := r.(type) {
			case *ssa.Phi, *ssa.MakeInterface, *ssa.ChangeType:
				hold(r.(ssa.Value))
			case *ssa.Store:
				if fa, ok := r.Addr.(*ssa.FieldAddr); ok && r.Val == v {
					if a, ok := fa.X.(*ssa.Alloc); ok {
						hold(a)
					}
				}
			case *ssa.UnOp:
				if _, ok := v.(*ssa.Alloc); ok && r.Op == token.MUL {
					hold(r) // *&Store{db: db}: the struct by value
				}
			}
		}
	}
	for _, b := range fn.Blocks {
		if len(b.Instrs) == 0 {
			continue
		}
		ret, ok := b.Instrs[len(b.Instrs)-1].(*ssa.Return)
		if !ok || !predicate.IsNilConst(ret.Results[len(ret.Results)-1]) {
			continue
		}
		for _, r := range ret.Results {
			if holders[r] {
				return true
			}
		}
	}
	return false
}

// leaksPoolOnError reports whether fn is a pool constructor that leaks
// its pool when it fails, or returns the error of a call to one made
// outside a loop and a request (so its own callers inherit the leak).
// ifs and calls are fn's If instructions and calls.
func leaksPoolOnError(facts Facts, fn *ssa.Function, ifs []*ssa.If, calls []*ssa.Call) bool {
	for _, call := range calls {
		if src, ok := SourceOf(facts, &call.Call); ok && src.Kind == DB {
			if l := checkAcquisition(facts, fn, call, src, ifs, calls); l != nil && l.openerFailure {
				return true
			}
		}
		if returnsError(fn.Signature) && callsFailingOpener(facts, call) && repeatsOnFailure(fn, call, ifs) == "" {
			return true
		}
	}
	return false
}

// callsFailingOpener reports whether call is to a function with the
// LeaksPoolOnError fact.
func callsFailingOpener(facts Facts, call *ssa.Call) bool {
	if facts == nil || call.Call.IsInvoke() {
		return false
	}
	fn := predicate.Callee(&call.Call)
	return fn != nil && facts.LeaksPoolOnError(fn)
}

// repeatsOnFailure says why a call of a failing constructor runs again
// after it failed: "loop" when a path on which its error is set leads back
// to it, "request" when fn serves HTTP requests (it has an *http.Request
// parameter). A closure inside a handler does not count: it may be a
// sync.Once body that runs once per process.
func repeatsOnFailure(fn *ssa.Function, call *ssa.Call, ifs []*ssa.If) string {
	for _, p := range fn.Params {
		if predicate.IsPointerToNamed(p.Type(), httpPath, "Request") {
			return "request"
		}
	}
	var ec *errCtx
	if sig := call.Call.Signature(); returnsError(sig) {
		if errv := callError(call, sig); errv != nil {
			ec = newErrCtx(errv, ifs)
		}
	}
	seen := map[*ssa.BasicBlock]bool{}
	work := []*ssa.BasicBlock{call.Block()}
	for len(work) > 0 {
		b := work[len(work)-1]
		work = work[:len(work)-1]
		last := b.Instrs[len(b.Instrs)-1]
		iff, _ := last.(*ssa.If)
		for si, s := range b.Succs {
			if iff != nil && ec != nil {
				if nonNil, ok := ec.ifs[iff]; ok && nonNil != si {
					continue // the call succeeded on this edge
				}
			}
			if s == call.Block() {
				return "loop"
			}
			if !seen[s] {
				seen[s] = true
				work = append(work, s)
			}
		}
	}
	return ""
}

// callError returns the error result of call, or nil when it is unused.
func callError(call *ssa.Call, sig *types.Signature) ssa.Value {
	n := sig.Results().Len()
	if n == 1 {
		return call
	}
	for _, r := range predicate.Referrers(call) {
		if ex, ok := r.(*ssa.Extract); ok && ex.Index == n-1 {
			return ex
		}
	}
	return nil
}
