package lockorder

import (
	"go/token"

	"golang.org/x/tools/go/ssa"

	"github.com/drillhq/drill/analyzers/internal/predicate"
)

// Following an unbuffered channel that F makes: to its sends, receives and
// closes in F and in the goroutines F hands it to, and nowhere else.

// madeChan is a channel F makes: the make, and the variable cell holding
// it when a closure captures the variable (go/ssa keeps captured
// variables in cells).
type madeChan struct {
	mc   *ssa.MakeChan
	cell *ssa.Alloc // nil: the value itself is passed around
}

// madeHere resolves v, the channel of one of F's operations, to a make in
// fn: the make itself, or a load of a variable stored once, with it.
func madeHere(v ssa.Value, fn *ssa.Function) (madeChan, bool) {
	if mc, ok := v.(*ssa.MakeChan); ok && mc.Parent() == fn {
		return madeChan{mc: mc}, true
	}
	load, ok := v.(*ssa.UnOp)
	if !ok || load.Op != token.MUL {
		return madeChan{}, false
	}
	cell, ok := load.X.(*ssa.Alloc)
	if !ok || cell.Parent() != fn {
		return madeChan{}, false
	}
	var mc *ssa.MakeChan
	for _, r := range predicate.Referrers(cell) {
		if st, ok := r.(*ssa.Store); ok {
			m, ok := st.Val.(*ssa.MakeChan)
			if !ok || mc != nil || st.Addr != cell {
				return madeChan{}, false // reassigned: which channel is not one thing
			}
			mc = m
		}
	}
	if mc == nil || mc.Parent() != fn {
		return madeChan{}, false
	}
	return madeChan{mc: mc, cell: cell}, true
}

// is reports whether v, a value of F, is the channel.
func (m madeChan) is(v ssa.Value) bool {
	if v == m.mc && m.mc != nil {
		return true
	}
	load, ok := v.(*ssa.UnOp)
	return ok && m.cell != nil && load.Op == token.MUL && load.X == m.cell
}

// staysHere reports whether F only sends on, receives from and closes the
// channel, and hands it only to goroutines it starts: then those
// goroutines are the only other side there is.
func (m madeChan) staysHere() bool {
	if m.cell == nil {
		return valueStaysHere(m.mc)
	}
	for _, r := range predicate.Referrers(m.mc) {
		switch r := r.(type) {
		case *ssa.Store:
			if r.Addr != m.cell || r.Val != m.mc {
				return false
			}
		case *ssa.DebugRef:
		default:
			return false
		}
	}
	for _, r := range predicate.Referrers(m.cell) {
		switch r := r.(type) {
		case *ssa.Store, *ssa.DebugRef: // the one store, checked by madeHere
		case *ssa.UnOp:
			if r.Op != token.MUL || !valueStaysHere(r) {
				return false
			}
		case *ssa.MakeClosure:
			if !startedOnly(r) {
				return false
			}
		default:
			return false
		}
	}
	return true
}

// valueStaysHere checks the uses of one SSA value of the channel in F.
func valueStaysHere(v ssa.Value) bool {
	for _, r := range predicate.Referrers(v) {
		switch r := r.(type) {
		case *ssa.Send:
			if r.X == v {
				return false // the channel itself sent elsewhere
			}
		case *ssa.UnOp:
			if r.Op != token.ARROW {
				return false
			}
		case *ssa.DebugRef, *ssa.Select:
		case *ssa.Call:
			if !isBuiltin(&r.Call, "close") {
				return false
			}
		case *ssa.Defer:
			if !isBuiltin(&r.Call, "close") {
				return false
			}
		case *ssa.Go:
			if r.Call.IsInvoke() || r.Call.StaticCallee() == nil {
				return false
			}
		case *ssa.MakeClosure:
			if !startedOnly(r) {
				return false
			}
		default:
			return false
		}
	}
	return true
}

// startedOnly reports whether a closure is only started as a goroutine.
func startedOnly(mc *ssa.MakeClosure) bool {
	for _, u := range predicate.Referrers(mc) {
		if g, ok := u.(*ssa.Go); !ok || g.Call.Value != mc {
			return false
		}
	}
	return true
}

// chanOps: the goroutine's operations on F's channel that take the other
// side of F's send (receives) or receive (sends and closes).
type chanOps struct {
	ends     map[ssa.Instruction]bool
	atReturn bool // a deferred close
}

func (o chanOps) direct(_ goroutine, instr ssa.Instruction) bool { return o.ends[instr] }
func (o chanOps) deferred(goroutine) bool                        { return o.atReturn }

// any reports whether the goroutine takes the other side at all.
func (o chanOps) any() bool { return len(o.ends) > 0 || o.atReturn }

// side collects g's operations on the channel that take the other side
// of F's kind of operation. It reports false when g does anything else
// with the channel (a select, handing it on): then who takes the other
// side is not known.
func (m madeChan) side(g goroutine, kind waitKind) (chanOps, bool) {
	var vals []ssa.Value
	for i, a := range g.fr.args {
		if m.is(a) && i < len(g.fn.Params) {
			vals = append(vals, g.fn.Params[i])
		}
	}
	for i, b := range g.fr.bindings {
		if i >= len(g.fn.FreeVars) {
			break
		}
		fv := g.fn.FreeVars[i]
		switch {
		case b == m.mc:
			vals = append(vals, fv)
		case m.cell != nil && b == m.cell:
			// The captured cell: its loads are the channel.
			for _, r := range *fv.Referrers() {
				switch r := r.(type) {
				case *ssa.UnOp:
					if r.Op != token.MUL {
						return chanOps{}, false
					}
					vals = append(vals, r)
				case *ssa.DebugRef:
				default:
					return chanOps{}, false
				}
			}
		}
	}
	ops := chanOps{ends: map[ssa.Instruction]bool{}}
	for _, v := range vals {
		for _, r := range *v.Referrers() {
			switch r := r.(type) {
			case *ssa.UnOp:
				if r.Op != token.ARROW {
					return chanOps{}, false
				}
				if kind == waitSend {
					ops.ends[r] = true
				}
			case *ssa.Send:
				if r.Chan != v {
					return chanOps{}, false
				}
				if kind == waitRecv {
					ops.ends[r] = true
				}
			case *ssa.Call:
				if !isBuiltin(&r.Call, "close") {
					return chanOps{}, false
				}
				if kind == waitRecv {
					ops.ends[r] = true
				}
			case *ssa.Defer:
				if !isBuiltin(&r.Call, "close") {
					return chanOps{}, false
				}
				if kind == waitRecv {
					ops.atReturn = true
				}
			case *ssa.DebugRef:
			default:
				return chanOps{}, false
			}
		}
	}
	return ops, true
}
