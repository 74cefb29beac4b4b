package resource

import (
	"go/constant"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/ssa"
)

// A batch loop acquires only when a counter is zero:
//
//	for item := range queue {
//		if n == 0 {
//			tx, err = db.Begin()
//			...
//		}
//		... n++
//		if n == batchSize {
//			tx.Commit()
//			n = 0
//		}
//	}
//
// On a path that still holds tx, n was incremented since the Begin, so the
// path cannot pass `n == 0` again without the commit that resets it. The
// search follows the sign of n (zero, positive or unknown) along each path
// and drops the branches of `n == 0` and `n != 0` that contradict it. This
// is plain path arithmetic: nothing is assumed about what the code means.

// sign is what a path knows about a counter.
type sign byte

const (
	signUnknown sign = '?'
	signZero    sign = '0'
	signPos     sign = '+'
)

// maxGuardPhis bounds how many SSA phis one counter is followed through
// (the loop header's, and one per if/else that assigns it). A counter
// reset in one place and incremented in another needs two or three. Each
// phi multiplies the states a block can be searched in by up to three, so
// the bound also caps the search at 81 times its usual size; past it the
// acquisition gets no guard, and the search is as without one.
const maxGuardPhis = 4

// counterGuard is the counter an acquisition is guarded by.
type counterGuard struct {
	phis  []*ssa.Phi // phis[0] is the counter compared with zero
	index map[*ssa.Phi]int
}

// guardOf returns the counter guarding acq: a dominating block entered only
// from the zero branch of `n == 0` (or `n != 0`), where n is a phi of a
// wide integer type defined in a block that dominates the test. It returns
// the guard and the state of a path that has just acquired (n is zero), or
// nil.
func guardOf(acq ssa.Instruction) (*counterGuard, string) {
	for d := acq.Block(); d != nil; d = d.Idom() {
		if len(d.Preds) != 1 {
			continue
		}
		p := d.Preds[0]
		iff, ok := p.Instrs[len(p.Instrs)-1].(*ssa.If)
		if !ok {
			continue
		}
		n, zeroSucc, ok := zeroTest(iff.Cond)
		if !ok || p.Succs[zeroSucc] != d || !n.Block().Dominates(p) {
			continue
		}
		g := newCounterGuard(n)
		if g == nil {
			return nil, ""
		}
		st := []byte(g.unknown())
		st[0] = byte(signZero)
		return g, string(st)
	}
	return nil, ""
}

// zeroTest recognises `n == 0` and `n != 0` on an integer phi and returns
// the successor taken when n is zero.
func zeroTest(cond ssa.Value) (n *ssa.Phi, zeroSucc int, ok bool) {
	b, isBin := cond.(*ssa.BinOp)
	if !isBin || (b.Op != token.EQL && b.Op != token.NEQ) {
		return nil, 0, false
	}
	x, y := b.X, b.Y
	if _, isPhi := y.(*ssa.Phi); isPhi {
		x, y = y, x
	}
	n, isPhi := x.(*ssa.Phi)
	if !isPhi || !wideInt(n.Type()) || constSign(y) != signZero {
		return nil, 0, false
	}
	if b.Op == token.EQL {
		return n, 0, true
	}
	return n, 1, true
}

// wideInt reports whether t is an integer type that cannot wrap around
// back to zero by counting (int, int64, uint, uint64): a narrow counter
// incremented per item could overflow in a real batch.
func wideInt(t types.Type) bool {
	b, ok := t.Underlying().(*types.Basic)
	if !ok {
		return false
	}
	switch b.Kind() {
	case types.Int, types.Int64, types.Uint, types.Uint64:
		return true
	}
	return false
}

// newCounterGuard collects the phis n's value flows through from one
// iteration to the next: n itself, and the phis (and increments of them)
// on its incoming edges, transitively.
func newCounterGuard(n *ssa.Phi) *counterGuard {
	g := &counterGuard{index: map[*ssa.Phi]int{}}
	add := func(p *ssa.Phi) bool {
		if _, ok := g.index[p]; ok {
			return true
		}
		if len(g.phis) == maxGuardPhis {
			return false
		}
		g.index[p] = len(g.phis)
		g.phis = append(g.phis, p)
		return true
	}
	add(n)
	for i := 0; i < len(g.phis); i++ {
		for _, e := range g.phis[i].Edges {
			var ops []ssa.Value
			switch e := e.(type) {
			case *ssa.Phi:
				ops = []ssa.Value{e}
			case *ssa.BinOp:
				if e.Op == token.ADD {
					ops = []ssa.Value{e.X, e.Y}
				}
			}
			for _, op := range ops {
				if p, ok := op.(*ssa.Phi); ok && wideInt(p.Type()) && !add(p) {
					return nil
				}
			}
		}
	}
	return g
}

// unknown is the state in which nothing is known.
func (g *counterGuard) unknown() string {
	st := make([]byte, len(g.phis))
	for i := range st {
		st[i] = byte(signUnknown)
	}
	return string(st)
}

// enter returns the state after taking the edge from pred into b: the
// guard's phis in b take the sign of their incoming value, all evaluated in
// the state before the edge.
func (g *counterGuard) enter(st string, pred, b *ssa.BasicBlock) string {
	if g == nil {
		return st
	}
	k := -1
	for i, p := range b.Preds {
		if p == pred {
			k = i
		}
	}
	next := []byte(st)
	for _, in := range b.Instrs {
		phi, ok := in.(*ssa.Phi)
		if !ok {
			break // phis come first
		}
		i, tracked := g.index[phi]
		if !tracked {
			continue
		}
		next[i] = byte(signUnknown)
		if k >= 0 && k < len(phi.Edges) {
			next[i] = byte(g.eval(st, phi.Edges[k]))
		}
	}
	return string(next)
}

// eval is the sign of v in state st: constants, the guard's phis, and a
// positive constant added to a value known to be zero or positive. All
// else is unknown.
func (g *counterGuard) eval(st string, v ssa.Value) sign {
	switch v := v.(type) {
	case *ssa.Const:
		return constSign(v)
	case *ssa.Phi:
		if i, ok := g.index[v]; ok {
			return sign(st[i])
		}
	case *ssa.BinOp:
		if v.Op != token.ADD || !wideInt(v.Type()) {
			return signUnknown
		}
		x, y := g.eval(st, v.X), g.eval(st, v.Y)
		if (x == signPos && y != signUnknown) || (y == signPos && x != signUnknown) {
			return signPos
		}
		if x == signZero && y == signZero {
			return signZero
		}
	}
	return signUnknown
}

// contradicted returns the successor of iff that state st rules out, if
// any: the zero branch of `n == 0` when n is positive, the other branch
// when n is zero.
func (g *counterGuard) contradicted(st string, iff *ssa.If) (int, bool) {
	if g == nil {
		return 0, false
	}
	n, zeroSucc, ok := zeroTest(iff.Cond)
	if !ok {
		return 0, false
	}
	i, tracked := g.index[n]
	if !tracked {
		return 0, false
	}
	switch sign(st[i]) {
	case signPos:
		return zeroSucc, true
	case signZero:
		return 1 - zeroSucc, true
	}
	return 0, false
}

// constSign is the sign of an integer constant, or unknown.
func constSign(v ssa.Value) sign {
	c, ok := v.(*ssa.Const)
	if !ok || c.Value == nil || c.Value.Kind() != constant.Int {
		return signUnknown
	}
	switch constant.Sign(c.Value) {
	case 0:
		return signZero
	case 1:
		return signPos
	}
	return signUnknown
}
