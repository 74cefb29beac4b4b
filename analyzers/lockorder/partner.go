package lockorder

import (
	"go/token"

	"golang.org/x/tools/go/ssa"
)

// The other side of a blocking wait: the goroutines a function starts,
// which of their operations would end the wait, and whether one locks a
// mutex before it gets there.

// goroutine is one that F starts: the function it runs and how that
// function's parameters and free variables bind to F's values.
type goroutine struct {
	at  ssa.Instruction // the go statement or the wg.Go call
	pos token.Pos
	fn  *ssa.Function
	fr  frame
	wg  string // wg.Go: the WaitGroup whose Done runs when fn returns
}

// gLock is a goroutine's lock of the mutex F holds.
type gLock struct {
	pos    token.Pos     // the Lock, or the call that locks
	via    *ssa.Function // that call's callee, nil for a direct Lock
	origin token.Pos     // inside via: its Lock
}

// goroutines lists the goroutines fn starts with a go statement or
// WaitGroup.Go whose body the package has.
func (c *checker) goroutines(fn *ssa.Function) []goroutine {
	if gs, ok := c.gos[fn]; ok {
		return gs
	}
	var gs []goroutine
	for _, b := range fn.Blocks {
		for _, instr := range b.Instrs {
			var g goroutine
			switch instr := instr.(type) {
			case *ssa.Go:
				if instr.Call.IsInvoke() {
					continue
				}
				g = goroutine{fn: instr.Call.StaticCallee(), fr: frameOf(&instr.Call)}
			case *ssa.Call:
				if !isWaitGroupMethod(&instr.Call, "Go") || len(instr.Call.Args) != 2 {
					continue
				}
				g.wg = pathOf(instr.Call.Args[0]).key()
				switch f := instr.Call.Args[1].(type) {
				case *ssa.Function:
					g.fn = f
				case *ssa.MakeClosure:
					g.fn, _ = f.Fn.(*ssa.Function)
					g.fr = frame{bindings: f.Bindings}
				}
			default:
				continue
			}
			if g.fn == nil || isWrapper(g.fn) || !c.analyzable(g.fn) {
				continue
			}
			g.at, g.pos = instr, instr.Pos()
			gs = append(gs, g)
		}
	}
	c.gos[fn] = gs
	return gs
}

// partner says which operations of a goroutine end F's wait.
type partner interface {
	direct(g goroutine, instr ssa.Instruction) bool // ends it here
	deferred(g goroutine) bool                      // ends it when g.fn returns
}

// waitGroupDone: a wg.Done() of F's WaitGroup, keyed as F names it.
type waitGroupDone struct {
	wg       string
	implicit bool // the goroutine was started by wg.Go
}

func (w waitGroupDone) done(g goroutine, cc *ssa.CallCommon) bool {
	if !isWaitGroupMethod(cc, "Done") {
		return false
	}
	p, ok := g.fr.into(pathOf(cc.Args[0]))
	return ok && p.key() == w.wg
}

func (w waitGroupDone) direct(g goroutine, instr ssa.Instruction) bool {
	call, ok := instr.(*ssa.Call)
	return ok && w.done(g, &call.Call)
}

func (w waitGroupDone) deferred(g goroutine) bool {
	if w.implicit {
		return true
	}
	for _, b := range g.fn.Blocks {
		for _, instr := range b.Instrs {
			if d, ok := instr.(*ssa.Defer); ok && w.done(g, &d.Call) {
				return true
			}
		}
	}
	return false
}

// lockBefore finds a lock of h's mutex that g takes on some path from its
// entry before the first operation that would end F's wait, with such an
// operation still ahead (or deferred to g's return). A lock after that
// operation waits harmlessly for F to unlock.
func (c *checker) lockBefore(g goroutine, h hold, pt partner) (gLock, bool) {
	atReturn := pt.deferred(g)
	blocks := g.fn.Blocks
	seen := make([]bool, len(blocks))
	seen[0] = true
	work := []*ssa.BasicBlock{blocks[0]}
	for len(work) > 0 {
		b := work[len(work)-1]
		work = work[:len(work)-1]
		stop := false
		for i, instr := range b.Instrs {
			if pt.direct(g, instr) {
				stop = true
				break
			}
			if l, ok := c.locksHeld(g, instr, h); ok {
				if atReturn || endsAfter(g, b, i+1, pt) {
					return l, true
				}
				// A later lock on this path has no end ahead either.
				stop = true
				break
			}
		}
		if stop {
			continue
		}
		for _, s := range b.Succs {
			if !seen[s.Index] {
				seen[s.Index] = true
				work = append(work, s)
			}
		}
	}
	return gLock{}, false
}

// endsAfter reports whether an operation that ends F's wait is reachable
// from instruction i of block b.
func endsAfter(g goroutine, b *ssa.BasicBlock, i int, pt partner) bool {
	for _, instr := range b.Instrs[i:] {
		if pt.direct(g, instr) {
			return true
		}
	}
	seen := map[*ssa.BasicBlock]bool{}
	work := append([]*ssa.BasicBlock(nil), b.Succs...)
	for len(work) > 0 {
		s := work[len(work)-1]
		work = work[:len(work)-1]
		if seen[s] {
			continue
		}
		seen[s] = true
		for _, instr := range s.Instrs {
			if pt.direct(g, instr) {
				return true
			}
		}
		work = append(work, s.Succs...)
	}
	return false
}

// locksHeld reports whether instr of g locks the mutex F holds as h,
// directly or through a same-package callee that locks it on every path.
// TryLock never waits, and two read locks do not wait for each other.
func (c *checker) locksHeld(g goroutine, instr ssa.Instruction, h hold) (gLock, bool) {
	call, ok := instr.(*ssa.Call)
	if !ok || call.Call.IsInvoke() {
		return gLock{}, false
	}
	cc := &call.Call
	callee := cc.StaticCallee()
	if callee == nil {
		return gLock{}, false
	}
	// same: p, as g names it, is F's mutex, and the two locks exclude
	// each other.
	same := func(p mpath, shared bool) bool {
		q, ok := g.fr.into(p)
		return ok && q.key() == h.p.key() && !(shared && h.shared)
	}
	switch op := mutexOp(callee); op {
	case opLock, opRLock:
		if len(cc.Args) > 0 && same(pathOf(cc.Args[0]), op == opRLock) {
			return gLock{pos: call.Pos()}, true
		}
		return gLock{}, false
	case opNone:
	default:
		return gLock{}, false
	}
	if !c.analyzable(callee) || lockedByConvention(callee.Name()) {
		return gLock{}, false
	}
	sub := c.analyze(callee)
	if !sub.done {
		return gLock{}, false
	}
	fr := frameOf(cc)
	for _, a := range sub.sum.acquires {
		if p, ok := fr.into(a.p); ok && same(p, a.shared) {
			return gLock{pos: call.Pos(), via: callee, origin: a.pos}, true
		}
	}
	return gLock{}, false
}
