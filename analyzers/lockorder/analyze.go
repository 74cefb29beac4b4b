package lockorder

import (
	"go/token"
	"sort"
	"strings"

	"golang.org/x/tools/go/ssa"

	"github.com/drillhq/drill/analyzers/internal/predicate"
)

// The per-function must-hold analysis: which mutexes are held at each
// call, what a function does to its caller's mutexes (its summary), and the
// double acquisitions and nested holds it contains.

// opKind is what a sync.Mutex or sync.RWMutex method does.
type opKind int

const (
	opNone opKind = iota
	opLock
	opRLock
	opTry // TryLock, TryRLock: never blocks
	opUnlock
)

// mutexOp classifies a call of a sync.Mutex or sync.RWMutex method.
func mutexOp(callee *ssa.Function) opKind {
	if isWrapper(callee) {
		return opNone // a method value: its receiver is a binding
	}
	obj := predicate.FuncOf(callee)
	if !predicate.IsMethodOf(obj, "sync", "Mutex") && !predicate.IsMethodOf(obj, "sync", "RWMutex") {
		return opNone
	}
	switch obj.Name() {
	case "Lock":
		return opLock
	case "RLock":
		return opRLock
	case "TryLock", "TryRLock":
		return opTry
	case "Unlock", "RUnlock":
		return opUnlock
	}
	return opNone
}

// summary is what calling a function does to mutexes its caller can name.
type summary struct {
	acquires []hold  // locked on every path, before any Unlock of the same mutex
	releases []mpath // unlocked on some path (deferred unlocks included)
	holds    []hold  // still held on every return: a lock helper
}

// selfLock is a Lock (or a call that locks) of a mutex already held.
type selfLock struct {
	prev   hold          // the earlier acquisition
	now    hold          // this one
	via    *ssa.Function // the callee that locks, or nil for a direct Lock
	origin token.Pos     // inside via: its Lock
}

// edge is a mutex acquired while another is held.
type edge struct {
	fn       *ssa.Function
	from, to hold
	via      *ssa.Function
}

// result is one function's analysis.
type result struct {
	done   bool // false while being computed: a recursive call
	sum    summary
	selfs  []selfLock
	edges  []edge
	blocks []blocked
}

// analyzable reports whether the checker can look into a callee's body:
// the package's own functions and closures, and the wrappers go/ssa makes
// for method values (mu.Unlock passed as a func).
func (c *checker) analyzable(fn *ssa.Function) bool {
	return len(fn.Blocks) > 0 && (fn.Pkg == c.pkg || isWrapper(fn))
}

// isWrapper reports whether fn is the function go/ssa makes for a method
// value (s.mu.Unlock) or a method expression ((*sync.Mutex).Unlock).
func isWrapper(fn *ssa.Function) bool {
	return strings.HasPrefix(fn.Synthetic, "bound method wrapper") || strings.HasPrefix(fn.Synthetic, "thunk")
}

// analyze computes fn's result once.
func (c *checker) analyze(fn *ssa.Function) *result {
	if r := c.results[fn]; r != nil {
		return r
	}
	r := &result{}
	c.results[fn] = r
	if len(fn.Blocks) == 0 {
		r.done = true
		return r
	}
	in := make([]*state, len(fn.Blocks))
	in[0] = newState()
	for changed := true; changed; {
		changed = false
		for _, b := range fn.Blocks {
			if in[b.Index] == nil {
				continue
			}
			out := c.transfer(b, in[b.Index].clone(), nil)
			for _, s := range b.Succs {
				if in[s.Index] == nil {
					in[s.Index] = out.clone()
					changed = true
				} else if in[s.Index].meet(out) {
					changed = true
				}
			}
		}
	}
	fx := &effects{}
	var exits []*state
	for _, b := range fn.Blocks {
		if in[b.Index] == nil {
			continue // unreachable from the entry: a recover block
		}
		out := c.transfer(b, in[b.Index].clone(), &recorder{r: r, fx: fx, fn: fn})
		if len(b.Instrs) > 0 {
			if _, ok := b.Instrs[len(b.Instrs)-1].(*ssa.Return); ok {
				exits = append(exits, out)
			}
		}
	}
	r.sum = makeSummary(exits, fx)
	r.done = true
	return r
}

// effects collects, over the whole function, the unlocks a caller must
// know about: those of a mutex the function did not lock itself, so the
// caller's.
type effects struct {
	releases      map[string]mpath
	deferUnknown  bool             // a deferred call whose unlocks are unknown
	deferReleased map[string]mpath // unlocked by a deferred call, at return
	acquired      map[string]bool  // locked somewhere in the function
}

// released records an Unlock of p; held says whether the function itself
// holds p there.
func (fx *effects) released(p mpath, held bool) {
	if fx.releases == nil {
		fx.releases = map[string]mpath{}
	}
	if !held {
		fx.releases[p.key()] = p
	}
}

// releasedAtReturn records a deferred Unlock of p.
func (fx *effects) releasedAtReturn(p mpath) {
	if fx.deferReleased == nil {
		fx.deferReleased = map[string]mpath{}
	}
	fx.deferReleased[p.key()] = p
}

func (fx *effects) locked(p mpath) {
	if fx.acquired == nil {
		fx.acquired = map[string]bool{}
	}
	fx.acquired[p.key()] = true
}

// recorder receives the findings of the final pass over a function.
type recorder struct {
	r  *result
	fx *effects
	fn *ssa.Function
}

// makeSummary keeps what holds on every return and can be named by a
// caller.
func makeSummary(exits []*state, fx *effects) summary {
	var sum summary
	for k, p := range fx.deferReleased {
		if !fx.acquired[k] {
			// Deferred unlock of a mutex the function never locks: it
			// releases the caller's lock on the way out.
			fx.released(p, false)
		}
	}
	for _, k := range sortedKeys(fx.releases) {
		if p := fx.releases[k]; p.mappable() {
			sum.releases = append(sum.releases, p)
		}
	}
	if len(exits) == 0 {
		return sum
	}
	every := func(pick func(*state) map[string]hold) []hold {
		var out []hold
		for _, h := range sortedHolds(pick(exits[0])) {
			all := h.p.mappable()
			for _, e := range exits[1:] {
				if _, ok := pick(e)[h.p.key()]; !ok {
					all = false
				}
			}
			if all {
				out = append(out, h)
			}
		}
		return out
	}
	sum.acquires = every(func(s *state) map[string]hold { return s.first })
	if !fx.deferUnknown {
		for _, h := range every(func(s *state) map[string]hold { return s.held }) {
			if _, ok := fx.deferReleased[h.p.key()]; !ok {
				sum.holds = append(sum.holds, h)
			}
		}
	}
	return sum
}

func sortedKeys(m map[string]mpath) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

func sortedHolds(m map[string]hold) []hold {
	s := &state{held: m}
	return s.heldSorted()
}

// transfer runs block b over st; rec is nil during the fixed-point
// iteration and set for the final pass that records findings.
func (c *checker) transfer(b *ssa.BasicBlock, st *state, rec *recorder) *state {
	for _, instr := range b.Instrs {
		if rec != nil {
			c.blocking(st, instr, rec)
		}
		switch instr := instr.(type) {
		case *ssa.Call:
			c.call(st, &instr.Call, instr.Pos(), rec)
		case *ssa.Defer:
			if rec != nil {
				c.deferred(&instr.Call, rec)
			}
		case *ssa.Store:
			st.storedTo(pathOf(instr.Addr))
		}
	}
	return st
}

// call applies one call to st.
func (c *checker) call(st *state, cc *ssa.CallCommon, pos token.Pos, rec *recorder) {
	if cc.IsInvoke() {
		return // an interface method: nothing of ours to unlock
	}
	callee := cc.StaticCallee()
	if callee == nil {
		st.forgetAll() // a func value: it may unlock anything
		return
	}
	switch mutexOp(callee) {
	case opLock, opRLock:
		if len(cc.Args) > 0 {
			c.acquire(st, hold{p: pathOf(cc.Args[0]), shared: mutexOp(callee) == opRLock, pos: pos}, nil, pos, rec)
		}
		return
	case opTry:
		if len(cc.Args) > 0 {
			st.touched[pathOf(cc.Args[0]).key()] = true
		}
		return
	case opUnlock:
		if len(cc.Args) > 0 {
			p := pathOf(cc.Args[0])
			if rec != nil {
				_, held := st.held[p.key()]
				rec.fx.released(p, held)
			}
			st.release(p)
		}
		return
	}
	if !c.analyzable(callee) {
		return
	}
	sub := c.analyze(callee)
	if !sub.done {
		st.forgetAll() // recursion: its effect is not known yet
		return
	}
	fr := frameOf(cc)
	for _, a := range sub.sum.acquires {
		if p, ok := fr.into(a.p); ok {
			c.acquire(st, hold{p: p, shared: a.shared, pos: pos}, callee, a.pos, rec)
		}
	}
	for _, r := range sub.sum.releases {
		if p, ok := fr.into(r); ok {
			if rec != nil {
				_, held := st.held[p.key()]
				rec.fx.released(p, held)
			}
			st.release(p)
		}
	}
	for _, h := range sub.sum.holds {
		if p, ok := fr.into(h.p); ok {
			st.held[p.key()] = hold{p: p, shared: h.shared, pos: pos}
		}
	}
}

// deferred records the unlocks a deferred call makes at return.
func (c *checker) deferred(cc *ssa.CallCommon, rec *recorder) {
	if cc.IsInvoke() {
		return
	}
	callee := cc.StaticCallee()
	if callee == nil {
		rec.fx.deferUnknown = true
		return
	}
	switch mutexOp(callee) {
	case opUnlock:
		if len(cc.Args) > 0 {
			rec.fx.releasedAtReturn(pathOf(cc.Args[0]))
		}
		return
	case opNone:
	default:
		return
	}
	if !c.analyzable(callee) {
		return
	}
	sub := c.analyze(callee)
	if !sub.done {
		rec.fx.deferUnknown = true
		return
	}
	fr := frameOf(cc)
	for _, r := range sub.sum.releases {
		if p, ok := fr.into(r); ok {
			rec.fx.releasedAtReturn(p)
		}
	}
}

// frameOf binds a static call's callee to the call's arguments and, for a
// closure or method value, its captured variables.
func frameOf(cc *ssa.CallCommon) frame {
	fr := frame{args: cc.Args}
	if mc, ok := cc.Value.(*ssa.MakeClosure); ok {
		fr.bindings = mc.Bindings
	}
	return fr
}

// acquire applies a Lock of h.p (directly, or by calling via) to st,
// recording a self-deadlock or a nested hold in the final pass.
func (c *checker) acquire(st *state, h hold, via *ssa.Function, origin token.Pos, rec *recorder) {
	k := h.p.key()
	if rec != nil {
		rec.fx.locked(h.p)
		if prev, ok := st.held[k]; ok {
			rec.r.selfs = append(rec.r.selfs, selfLock{prev: prev, now: h, via: via, origin: origin})
		}
		for _, other := range st.heldSorted() {
			if other.p.key() != k && other.p.class != "" && h.p.class != "" && other.p.class != h.p.class {
				rec.r.edges = append(rec.r.edges, edge{fn: rec.fn, from: other, to: h, via: via})
			}
		}
	}
	if !st.touched[k] {
		st.first[k] = hold{p: h.p, shared: h.shared, pos: origin}
	}
	st.touched[k] = true
	if via == nil {
		// A callee's lock stays held only if its summary says so.
		st.held[k] = h
	}
}
