package resource

import (
	"go/token"

	"golang.org/x/tools/go/ssa"
)

// A resource captured by a closure lives in a variable (an SSA Alloc)
// that the function and its closures share:
//
//	rows, err := db.QueryContext(ctx, q) // *cell = rows
//	...
//	cleanup := func() { rows.Close() }   // make closure [cell]
//	if bad {
//		return errBad // cleanup not called: rows leak
//	}
//	cleanup()
//
// Storing the resource into that variable used to count as handing it
// off, so any capture silenced the search. A variable assigned exactly
// once, with the resource, before every use, is the resource under another
// name: loading it yields the resource, and a closure binding it is
// followed like a closure binding the value (tracker.closure), so a call of
// the closure releases, uses or hands off the resource at that point.
// Anything else done with the variable (a second assignment, its address
// passed on, a use the assignment does not dominate, such as a deferred
// closure set up before the acquisition) keeps the old reading: an escape.

// cellOf returns the variable st stores the resource v into, when it
// qualifies as a cell, or nil.
func (t *tracker) cellOf(v ssa.Value, r role, st *ssa.Store) ssa.Value {
	alloc, ok := st.Addr.(*ssa.Alloc)
	if !ok || st.Val != v || r != roleSelf {
		return nil
	}
	for _, ref := range *alloc.Referrers() {
		switch ref := ref.(type) {
		case *ssa.DebugRef:
			continue
		case *ssa.Store:
			if ref != st {
				return nil // assigned again: loads may see another value
			}
			continue
		case *ssa.UnOp:
			if ref.Op != token.MUL {
				return nil
			}
		case *ssa.MakeClosure:
		default:
			return nil // &rows handed on, or something we do not follow
		}
		if !runsAfter(st, ref) {
			return nil
		}
	}
	return alloc
}

// runsAfter reports whether every execution of use comes after first: first
// is earlier in the same block, or its block dominates use's.
func runsAfter(first, use ssa.Instruction) bool {
	if first.Block() == use.Block() {
		return indexOf(first) < indexOf(use)
	}
	return first.Block().Dominates(use.Block())
}

// useCell classifies an instruction that mentions a cell: in the function
// that owns it, its one assignment, loads and closures; inside a closure,
// the free variable standing for it.
func (t *tracker) useCell(cell ssa.Value, instr ssa.Instruction) {
	switch in := instr.(type) {
	case *ssa.DebugRef:
	case *ssa.UnOp:
		if in.Op == token.MUL {
			t.add(in, roleSelf)
			return
		}
		t.set(in, effEscape)
	case *ssa.Store:
		_, own := cell.(*ssa.Alloc)
		if r, tracked := t.vals[in.Val]; own && tracked && r == roleSelf && in.Addr == cell {
			return // the assignment that made it a cell
		}
		// A closure assigning the captured variable: what the caller
		// loads afterwards is unknown.
		t.set(in, effEscape)
	case *ssa.MakeClosure:
		t.closure(cell, roleCell, in)
	default:
		t.set(instr, effEscape)
	}
}
