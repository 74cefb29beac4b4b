package lockorder

import (
	"fmt"
	"go/constant"
	"go/token"

	"golang.org/x/tools/go/ssa"

	"github.com/drillhq/drill/analyzers/internal/predicate"
)

// Blocking while holding a lock the other side needs: a function F holds
// mutex M and waits on a WaitGroup, or sends on or receives from an
// unbuffered channel it made, and a goroutine F started, the one that
// would end that wait, locks M first. The goroutine waits for M, F waits
// for the goroutine, and neither moves.

// waitKind is how F blocks.
type waitKind int

const (
	waitGroup waitKind = iota // wg.Wait(): ended by wg.Done()
	waitSend                  // ch <- v: ended by a receive from ch
	waitRecv                  // <-ch: ended by a send on ch or close(ch)
)

// blocked is one such deadlock found in F.
type blocked struct {
	pos  token.Pos // F's Wait, send or receive
	kind waitKind
	obj  string    // the WaitGroup as written (wait)
	key  string    // and as keyed in F
	made token.Pos // the make of the channel (send, receive)
	held hold      // M, as F holds it
	g    goroutine // the goroutine that locks M
	lock gLock     // where it does
}

// blocking records, in the final pass, a Wait, send or receive of instr
// made while st holds a mutex that a goroutine F started locks before it
// would end the wait.
func (c *checker) blocking(st *state, instr ssa.Instruction, rec *recorder) {
	if len(st.held) == 0 {
		return
	}
	b := blocked{pos: instr.Pos()}
	var obj ssa.Value
	switch instr := instr.(type) {
	case *ssa.Call:
		if !isWaitGroupMethod(&instr.Call, "Wait") {
			return
		}
		b.kind, obj = waitGroup, instr.Call.Args[0]
		b.obj, b.key = pathOf(obj).String(), pathOf(obj).key()
	case *ssa.Send:
		b.kind, obj = waitSend, instr.Chan
	case *ssa.UnOp:
		if instr.Op != token.ARROW {
			return
		}
		b.kind, obj = waitRecv, instr.X
	default:
		return
	}
	var ch madeChan
	if b.kind != waitGroup {
		var ok bool
		if ch, ok = madeHere(obj, rec.fn); !ok || !unbuffered(ch.mc) || !ch.staysHere() {
			return
		}
		b.made = ch.mc.Pos()
	}
	for _, h := range st.heldSorted() {
		if b.kind == waitGroup {
			b.g, b.lock = c.waitGroupPartner(rec.fn, instr, b.key, h)
		} else {
			b.g, b.lock = c.chanPartner(rec.fn, instr, ch, b.kind, h)
		}
		if b.g.fn != nil {
			b.held = h
			rec.r.blocks = append(rec.r.blocks, b)
			return
		}
	}
}

// waitGroupPartner finds a goroutine started before F's Wait that calls
// Done on the WaitGroup keyed wg and locks h's mutex before that Done. Wait
// waits for every Done, so one such goroutine is enough.
func (c *checker) waitGroupPartner(fn *ssa.Function, at ssa.Instruction, wg string, h hold) (goroutine, gLock) {
	for _, g := range c.goroutines(fn) {
		if !reaches(g.at, at) {
			continue
		}
		pt := waitGroupDone{wg: wg, implicit: g.wg == wg}
		if l, ok := c.lockBefore(g, h, pt); ok {
			return g, l
		}
	}
	return goroutine{}, gLock{}
}

// chanPartner finds the goroutines started before F's send or receive on
// ch that would take the other side: every one of them must lock h's
// mutex first (another one could end the wait otherwise), and at least
// one must exist.
func (c *checker) chanPartner(fn *ssa.Function, at ssa.Instruction, ch madeChan, kind waitKind, h hold) (goroutine, gLock) {
	var first goroutine
	var firstLock gLock
	for _, g := range c.goroutines(fn) {
		if !reaches(g.at, at) {
			continue
		}
		pt, ok := ch.side(g, kind)
		if !ok {
			return goroutine{}, gLock{} // a use of the channel we cannot follow
		}
		if !pt.any() {
			continue // not the other side
		}
		l, ok := c.lockBefore(g, h, pt)
		if !ok {
			return goroutine{}, gLock{}
		}
		if first.fn == nil {
			first, firstLock = g, l
		}
	}
	return first, firstLock
}

// isWaitGroupMethod reports whether cc calls (*sync.WaitGroup).name.
func isWaitGroupMethod(cc *ssa.CallCommon, name string) bool {
	if cc.IsInvoke() || len(cc.Args) == 0 {
		return false
	}
	callee := cc.StaticCallee()
	if callee == nil || isWrapper(callee) {
		return false
	}
	obj := predicate.FuncOf(callee)
	return predicate.IsMethodOf(obj, "sync", "WaitGroup") && obj.Name() == name
}

// unbuffered reports whether mc makes a channel without a buffer: a
// buffered one with room does not wait for the other side.
func unbuffered(mc *ssa.MakeChan) bool {
	k, ok := mc.Size.(*ssa.Const)
	return ok && k.Value != nil && constant.Sign(k.Value) == 0
}

// isBuiltin reports whether cc calls the builtin name.
func isBuiltin(cc *ssa.CallCommon, name string) bool {
	b, ok := cc.Value.(*ssa.Builtin)
	return ok && b.Name() == name
}

// reaches reports whether some path of their function runs to after
// from: the goroutine is running when F blocks.
func reaches(from, to ssa.Instruction) bool {
	fb, tb := from.Block(), to.Block()
	if fb == tb && index(fb, from) < index(tb, to) {
		return true
	}
	seen := map[*ssa.BasicBlock]bool{}
	work := append([]*ssa.BasicBlock(nil), fb.Succs...)
	for len(work) > 0 {
		b := work[len(work)-1]
		work = work[:len(work)-1]
		if seen[b] {
			continue
		}
		seen[b] = true
		if b == tb {
			return true
		}
		work = append(work, b.Succs...)
	}
	return false
}

func index(b *ssa.BasicBlock, instr ssa.Instruction) int {
	for i, in := range b.Instrs {
		if in == instr {
			return i
		}
	}
	return -1
}

// reportBlocked reports F's Wait, send or receive.
func (c *checker) reportBlocked(b blocked) {
	m := b.held.p.String()
	var what, end string
	switch b.kind {
	case waitGroup:
		what = b.obj + ".Wait()"
		end = "before its " + b.obj + ".Done()"
		if b.g.wg != "" && b.g.wg == b.key {
			end = "before it returns (" + b.obj + ".Go calls Done then)"
		}
	case waitSend:
		what = "send on the unbuffered channel made at " + c.where(b.made, b.pos)
		end = "before it receives from that channel"
	case waitRecv:
		what = "receive from the unbuffered channel made at " + c.where(b.made, b.pos)
		end = "before it sends on or closes that channel"
	}
	locks := fmt.Sprintf("locks %s (%s)", m, c.where(b.lock.pos, b.pos))
	if b.lock.via != nil {
		locks = fmt.Sprintf("calls %s() (%s), which locks %s (%s)", b.lock.via.Name(), c.where(b.lock.pos, b.pos), m, c.where(b.lock.origin, b.pos))
	}
	c.pass.Reportf(b.pos, "%s while holding %s (%s at %s), but the goroutine started at %s %s %s: it waits for the lock and this for it, a deadlock (unlock before blocking)",
		what, m, lockName(b.held.shared), c.where(b.held.pos, b.pos), c.where(b.g.pos, b.pos), locks, end)
}
