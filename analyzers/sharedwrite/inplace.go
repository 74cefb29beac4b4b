package sharedwrite

import (
	"go/types"

	"golang.org/x/tools/go/ssa"
)

// Handler literals run in place: an http.HandlerFunc literal, or middleware
// wrapped around it, that the function creating it only calls there and
// then (inner.ServeHTTP(rec, r), mw(inner).ServeHTTP(rec, r)) and never
// registers, returns, stores, sends, captures or starts with go. Every call
// of the creating function makes its own instance and runs it before moving
// on, so the variables that function allocates belong to that one call:
// concurrent requests never share them. Writes to them are the creating
// function's own business, exactly as if it made them itself (percall.go
// says which captured variables those are).

// closureOf returns the one MakeClosure that creates the function literal
// fn in its parent, or nil (no free variables, or not a literal).
func closureOf(fn *ssa.Function) *ssa.MakeClosure {
	parent := fn.Parent()
	if parent == nil || len(fn.FreeVars) == 0 {
		return nil
	}
	var found *ssa.MakeClosure
	for _, b := range parent.Blocks {
		for _, instr := range b.Instrs {
			if mc, ok := instr.(*ssa.MakeClosure); ok && mc.Fn == fn {
				if found != nil {
					return nil // two instances: do not guess
				}
				found = mc
			}
		}
	}
	return found
}

// runsInPlace reports whether every use of the handler value v is a call
// made there and then.
func runsInPlace(v ssa.Value) bool {
	ok, _ := usedInPlace(v, map[ssa.Value]bool{})
	return ok
}

// usedInPlace reports whether every use of v, and of every value derived
// from it, is a synchronous call in the same function: invoking it, calling
// its ServeHTTP method, or wrapping it in a call whose handler result is
// itself run in place. ran reports whether some use runs it. Any other use
// (a store, a return, a send, a capture by another closure, a go statement,
// a call that keeps it, such as mux.Handle or ListenAndServe) lets it be
// served concurrently.
func usedInPlace(v ssa.Value, seen map[ssa.Value]bool) (ok, ran bool) {
	if seen[v] {
		return true, false
	}
	seen[v] = true
	refs := v.Referrers()
	if refs == nil {
		return false, false
	}
	for _, instr := range *refs {
		var uok, uran bool
		switch u := instr.(type) {
		case *ssa.DebugRef:
			continue
		case *ssa.ChangeType, *ssa.MakeInterface, *ssa.Phi:
			// http.HandlerFunc(lit), a conversion to http.Handler, or the
			// same handler reaching a join point.
			uok, uran = usedInPlace(u.(ssa.Value), seen)
		case *ssa.Call:
			uok, uran = callInPlace(u.Common(), u, v, seen)
		case *ssa.Defer:
			// Runs on the same goroutine before the function returns; a
			// deferred wrapper's result is dropped, so only direct
			// invocations count.
			uok, uran = callInPlace(u.Common(), nil, v, seen)
		default:
			return false, false
		}
		if !uok {
			return false, false
		}
		ran = ran || uran
	}
	return true, ran
}

// callInPlace reports whether a call that uses the handler value v runs it
// in place: v is the function called, the receiver of ServeHTTP, or an
// argument of a wrapper whose handler result (from call, nil for a deferred
// call) is run in place.
func callInPlace(common *ssa.CallCommon, call *ssa.Call, v ssa.Value, seen map[ssa.Value]bool) (ok, ran bool) {
	if common.Value == v {
		if common.IsInvoke() && common.Method.Name() != "ServeHTTP" {
			return false, false
		}
		ran = true
	}
	for i, arg := range common.Args {
		if arg != v {
			continue
		}
		if callee := common.StaticCallee(); i == 0 && callee != nil &&
			callee.Signature.Recv() != nil && callee.Name() == "ServeHTTP" {
			ran = true // http.HandlerFunc(lit).ServeHTTP(w, r)
			continue
		}
		if call == nil || !wrapperRuns(call, seen) {
			return false, false
		}
		ran = true
	}
	return true, ran
}

// wrapperRuns reports whether call returns a handler (middleware around its
// argument) and every handler it returns is run in place. A call with no
// handler result, or whose result is never run, may have kept its argument
// (mux.Handle, a registry), so it does not count.
func wrapperRuns(call *ssa.Call, seen map[ssa.Value]bool) bool {
	var results []ssa.Value
	if tuple, ok := call.Type().(*types.Tuple); ok {
		for _, instr := range *call.Referrers() {
			if ex, ok := instr.(*ssa.Extract); ok && isHandlerType(tuple.At(ex.Index).Type()) {
				results = append(results, ex)
			}
		}
	} else if isHandlerType(call.Type()) {
		results = append(results, call)
	}
	ran := false
	for _, res := range results {
		ok, r := usedInPlace(res, seen)
		if !ok {
			return false
		}
		ran = ran || r
	}
	return ran
}

// isHandlerType reports whether t is a function with the handler signature
// or has a ServeHTTP method with it (http.Handler, http.HandlerFunc).
func isHandlerType(t types.Type) bool {
	if sig, ok := t.Underlying().(*types.Signature); ok && isHandlerSig(sig) {
		return true
	}
	obj, _, _ := types.LookupFieldOrMethod(t, true, nil, "ServeHTTP")
	m, ok := obj.(*types.Func)
	return ok && isHandlerSig(m.Type().(*types.Signature))
}
