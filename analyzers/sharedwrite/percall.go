package sharedwrite

import (
	"go/token"

	"golang.org/x/tools/go/ssa"
)

// Which variables a handler literal run in place (inplace.go) captures
// from one call of the function creating it, and which of its writes stay
// inside them.

// perCall holds the free variables of a literal run in place that are
// local variables of its parent (SSA cells allocated on every call). fresh
// marks those that only ever hold a map or pointer made during the call
// (seen := map[string]bool{}, rec := &recorder{}), so what they point to is
// per call as well.
type perCall struct {
	vars  map[*ssa.FreeVar]bool
	fresh map[*ssa.FreeVar]bool
}

// perCallVars returns the per-call variables of the handler literal fn, or
// nil when fn may be served concurrently (or is no literal).
func perCallVars(fn *ssa.Function) *perCall {
	mc := closureOf(fn)
	if mc == nil || !runsInPlace(mc) {
		return nil
	}
	pc := &perCall{vars: map[*ssa.FreeVar]bool{}, fresh: map[*ssa.FreeVar]bool{}}
	for i, fv := range fn.FreeVars {
		if i >= len(mc.Bindings) {
			break
		}
		cell, ok := mc.Bindings[i].(*ssa.Alloc)
		if !ok {
			continue // the parent's own free variable or parameter: maybe shared
		}
		pc.vars[fv] = true
		if holdsFresh(cell, mc) && holdsFresh(fv, nil) {
			pc.fresh[fv] = true
		}
	}
	return pc
}

// holdsFresh reports whether every use of the cell (an Alloc in the parent,
// or the literal's FreeVar for it) reads it, or stores a map or pointer
// allocated there and then (or nil), and whether the only closure it is
// handed to is mc. Anything else, such as storing a value loaded from
// shared state, taking the cell's address elsewhere or capturing it in
// another closure, may put shared state in it.
func holdsFresh(cell ssa.Value, mc *ssa.MakeClosure) bool {
	refs := cell.Referrers()
	if refs == nil {
		return false
	}
	for _, instr := range *refs {
		switch u := instr.(type) {
		case *ssa.DebugRef:
		case *ssa.UnOp:
			if u.Op != token.MUL {
				return false
			}
		case *ssa.Store:
			if u.Addr != cell {
				return false // the cell's address escapes
			}
			switch u.Val.(type) {
			case *ssa.MakeMap, *ssa.Alloc, *ssa.Const:
			default:
				return false
			}
		case *ssa.MakeClosure:
			if u != mc {
				return false
			}
		default:
			return false
		}
	}
	return true
}

// owns reports whether addr is storage of one call: a per-call variable
// itself or a field of it, or, for a variable holding only fresh values,
// the map or object it holds. A pointer loaded any further may lead to
// shared state.
func (pc *perCall) owns(addr ssa.Value) bool {
	if pc == nil {
		return false
	}
	loaded := false
	for range maxRootDepth {
		switch x := addr.(type) {
		case *ssa.FieldAddr:
			addr = x.X
		case *ssa.ChangeType:
			addr = x.X
		case *ssa.UnOp:
			fv, ok := x.X.(*ssa.FreeVar)
			if loaded || !ok || x.Op != token.MUL || !pc.fresh[fv] {
				return false
			}
			loaded = true
			addr = fv
		case *ssa.FreeVar:
			return pc.vars[x]
		default:
			return false
		}
	}
	return false
}
