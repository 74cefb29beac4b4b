package sharedwrite

import (
	"go/token"

	"golang.org/x/tools/go/ssa"

	"github.com/drillhq/drill/analyzers/internal/flow"
	"github.com/drillhq/drill/analyzers/internal/predicate"
)

// Goroutine sites: the updates closures started by a function make to the
// variables they capture, and whether several of them can run at once.

// binding returns the parent's value for a closure's free variable or
// global root.
func binding(l flow.Launch, root ssa.Value) ssa.Value {
	fv, ok := root.(*ssa.FreeVar)
	if !ok {
		return root
	}
	if l.Closure == nil {
		return nil
	}
	for i, f := range l.Fn.FreeVars {
		if f == fv && i < len(l.Closure.Bindings) {
			return l.Closure.Bindings[i]
		}
	}
	return nil
}

func definedIn(v ssa.Value, l *flow.Loop) bool {
	instr, ok := v.(ssa.Instruction)
	return ok && instr.Block() != nil && l.Blocks[instr.Block()]
}

// checkGoroutines reports read-modify-write updates that goroutines started
// by fn make to variables they share: several instances of a closure started
// in a loop, or several closures started side by side.
func (c *checker) checkGoroutines(fn *ssa.Function) {
	launches := flow.Launches(fn)
	if len(launches) == 0 {
		return
	}
	loops := flow.Loops(fn)
	type pending struct {
		w      write
		launch flow.Launch
		parent ssa.Value
	}
	var siblings []pending
	for _, l := range launches {
		if l.Fn.Parent() == nil && l.Closure == nil {
			continue // a named function: its writes are its own business
		}
		sharedFn := func(v ssa.Value) bool {
			switch v.(type) {
			case *ssa.FreeVar, *ssa.Global:
				return true
			}
			return false
		}
		for _, w := range writesIn(l.Fn, sharedFn) {
			if w.kind == writePlain || c.lockHeld(l.Fn, w.instr) || handedOff(l.Fn, w) {
				continue
			}
			parent := binding(l, w.root)
			if parent == nil {
				continue
			}
			if encl := flow.Enclosing(loops, l.Site.Block()); len(encl) > 0 {
				inner := encl[0]
				if definedIn(parent, inner) || inner.Synchronizes() {
					continue // a fresh variable per iteration, or one goroutine at a time
				}
				c.report(w, goMessage(w))
				continue
			}
			siblings = append(siblings, pending{w: w, launch: l, parent: parent})
		}
	}
	// Two different goroutines updating the same variable, started one
	// after the other with nothing waiting in between.
	for i, a := range siblings {
		for _, b := range siblings[i+1:] {
			if a.launch.Site == b.launch.Site || a.parent != b.parent && flow.Key(a.parent) != flow.Key(b.parent) {
				continue
			}
			if !concurrentSites(a.launch.Site, b.launch.Site) {
				continue
			}
			c.report(a.w, goMessage(a.w))
			c.report(b.w, goMessage(b.w))
		}
	}
}

// concurrentSites reports whether two launch sites in one block run with
// nothing between them that could wait for the first goroutine: only
// WaitGroup.Add/Done and plain computation. Any other call might wait.
func concurrentSites(a, b ssa.Instruction) bool {
	if a.Block() != b.Block() {
		return false
	}
	between := false
	for _, instr := range a.Block().Instrs {
		if instr == a || instr == b {
			if between {
				return true
			}
			between = true
			continue
		}
		if !between {
			continue
		}
		switch i := instr.(type) {
		case *ssa.UnOp:
			if i.Op == token.ARROW {
				return false
			}
		case *ssa.Select, *ssa.Send, *ssa.Go, *ssa.Defer:
			return false
		case *ssa.Call:
			obj := predicate.FuncOf(i.Call.StaticCallee())
			if obj == nil {
				return false
			}
			if pkg, typ := predicate.ReceiverName(obj); pkg != "sync" || typ != "WaitGroup" || obj.Name() == "Wait" {
				return false
			}
		}
	}
	return false
}

// handedOff reports whether a write in a goroutine follows, in the same loop
// iteration, a receive whose value is ignored: a token passed between
// goroutines (<-turn; n++; next <- true) orders their writes.
func handedOff(fn *ssa.Function, w write) bool {
	b := w.instr.Block()
	encl := flow.Enclosing(flow.Loops(fn), b)
	if len(encl) == 0 {
		return false
	}
	loop := encl[0]
	for blk := range loop.Blocks {
		if !blk.Dominates(b) {
			continue
		}
		for _, instr := range blk.Instrs {
			if blk == b && instr == w.instr {
				break
			}
			u, ok := instr.(*ssa.UnOp)
			if ok && u.Op == token.ARROW && !u.CommaOk && len(predicate.Referrers(u)) == 0 {
				return true
			}
		}
	}
	return false
}
