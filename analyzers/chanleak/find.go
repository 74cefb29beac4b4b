package chanleak

import (
	"go/ast"
	"go/token"
	"go/types"
	"maps"

	"golang.org/x/tools/go/ast/inspector"
	"golang.org/x/tools/go/cfg"

	"github.com/drillhq/drill/analyzers/internal/flow"
	"github.com/drillhq/drill/analyzers/internal/predicate"
)

// leak describes the first point that strands a sender: a return, or the
// start of the next iteration of a loop that makes a fresh channel each time.
type leak struct {
	pos  token.Pos
	ret  *ast.ReturnStmt
	loop ast.Stmt
	st   state
	via  ast.Stmt
}

type leakFinder struct {
	info *types.Info
	body inspector.Cursor
	g    *cfg.CFG
	ch   *channel

	comms    map[ast.Node]bool  // select comm statements, evaluated by their case block
	drains   map[ast.Stmt]bool  // loops that receive from the channel
	rangesCh map[ast.Stmt]bool  // for v := range ch
	atExit   map[ast.Stmt]state // senders counted when their launch loop finishes
	counted  map[*sender]bool   // senders counted at a loop exit, not per launch
	defLoops map[ast.Stmt]bool  // loops that make a fresh channel every iteration
}

// receiveLoop reports whether loop receives from the channel in its body.
func (a *leakFinder) receiveLoop(loop ast.Stmt) bool { return a.drains[loop] }

func (a *leakFinder) prepare() {
	info, ch := a.info, a.ch
	a.comms = map[ast.Node]bool{}
	a.drains = map[ast.Stmt]bool{}
	a.defLoops = map[ast.Stmt]bool{}
	for p := range enclosing(ch.def, a.body) {
		if loop, ok := p.Node().(ast.Stmt); ok && flow.LoopBody(loop) != nil {
			a.defLoops[loop] = true
		}
	}
	a.rangesCh = map[ast.Stmt]bool{}
	kinds := []ast.Node{(*ast.FuncLit)(nil), (*ast.CommClause)(nil), (*ast.RangeStmt)(nil), (*ast.ForStmt)(nil)}
	a.body.Inspect(kinds, func(c inspector.Cursor) bool {
		switch l := c.Node().(type) {
		case *ast.FuncLit:
			return false
		case *ast.CommClause:
			if l.Comm != nil {
				a.comms[l.Comm] = true
			}
		case *ast.RangeStmt:
			if id := predicate.Ident(l.X); id != nil && info.Uses[id] == ch.obj {
				a.rangesCh[l] = true
				a.drains[l] = true
			} else if receives(info, l.Body, ch.obj) > 0 && !a.defLoops[l] {
				a.drains[l] = true
			}
		case *ast.ForStmt:
			if receives(info, l.Body, ch.obj) > 0 && !a.defLoops[l] {
				a.drains[l] = true
			}
		}
		return true
	})
	// Senders started in a loop that does not itself receive are counted
	// once, when the loop is done: all of them, or as many as a constant
	// trip count says.
	a.atExit = map[ast.Stmt]state{}
	a.counted = map[*sender]bool{}
	for _, s := range ch.senders {
		var outer ast.Stmt
		n := 1
		for p := range enclosing(s.launch, a.body) {
			if loop, ok := p.Node().(ast.Stmt); ok && flow.LoopBody(loop) != nil && !a.defLoops[loop] {
				outer = loop
				n = mul(n, tripCount(info, loop))
			}
		}
		if outer == nil || a.drains[outer] {
			continue
		}
		if s.many {
			n = inf
		}
		st := a.atExit[outer]
		st.pending = add(st.pending, n)
		st.stream = st.stream || s.many || s.cond
		a.atExit[outer] = st
		a.counted[s] = true
	}
}

// find runs a forward dataflow over the function's CFG counting values sent
// minus values received, and returns the first return reached with more
// senders waiting than the buffer holds.
func (a *leakFinder) find() *leak {
	if len(a.g.Blocks) == 0 {
		return nil
	}
	a.prepare()
	info, ch := a.info, a.ch
	def := ch.def.Node()
	launched := func(n ast.Node) (int, bool) {
		total, stream := 0, false
		for _, s := range ch.senders {
			if !a.counted[s] && flow.Within(n, s.launch.Node()) {
				if s.many {
					total, stream = inf, true
				} else {
					total = add(total, 1)
				}
				stream = stream || s.cond
			}
		}
		return total, stream
	}
	exceeds := func(st state) bool {
		if st.pending >= inf {
			return ch.cap <= 1
		}
		return st.pending > ch.cap
	}

	in := map[*cfg.Block]flowState{a.g.Blocks[0]: {nil: state{}}}
	var found *leak
	work := []*cfg.Block{a.g.Blocks[0]}
	for len(work) > 0 {
		b := work[0]
		work = work[1:]
		fs := in[b]
		switch b.Kind {
		case cfg.KindSelectCaseBody:
			if cc, ok := b.Stmt.(*ast.CommClause); ok && cc.Comm != nil {
				if k := receives(info, cc.Comm, ch.obj); k > 0 {
					fs = fs.rekey(nil).apply(received(k))
				} else {
					fs = fs.rekey(cc.Comm)
				}
			}
		case cfg.KindRangeDone, cfg.KindForDone:
			if c, ok := a.atExit[b.Stmt]; ok {
				fs = fs.apply(func(st state) state {
					st.pending = add(st.pending, c.pending)
					st.stream = st.stream || c.stream
					return st
				})
			}
		}
		for _, n := range b.Nodes {
			if a.comms[n] {
				continue // evaluated by the chosen case's block
			}
			if flow.Within(n, def) {
				fs = flowState{nil: state{}} // a fresh channel
			}
			if k, stream := launched(n); k > 0 {
				fs = fs.apply(func(st state) state {
					st.pending = add(st.pending, k)
					st.stream = st.stream || stream
					return st
				})
			}
			if k := receives(info, n, ch.obj); k > 0 {
				fs = fs.apply(received(k))
			}
			ret, ok := n.(*ast.ReturnStmt)
			if !ok || found != nil && ret.Pos() > found.pos {
				continue
			}
			for via, st := range fs {
				if exceeds(st) && a.reportable(ret, st) {
					if found == nil || ret.Pos() < found.pos || via != nil && found.via == nil {
						found = &leak{pos: ret.Pos(), ret: ret, st: st, via: via}
					}
				}
			}
		}
		for _, s := range b.Succs {
			// Going round a loop that makes a new channel abandons the old
			// one with its senders.
			for loop := range a.defLoops {
				if !flow.ContinueTarget(s, loop) || !flow.InsideBody(b, loop, flow.LoopBody(loop)) {
					continue
				}
				pos := flow.LoopBody(loop).Rbrace
				for via, st := range fs {
					if exceeds(st) && (!st.stream || st.got == 0) && (found == nil || pos < found.pos) {
						found = &leak{pos: pos, loop: loop, st: st, via: via}
					}
				}
			}
			next := fs
			if loop := b.Stmt; loop != nil && loop == s.Stmt {
				switch {
				case a.drains[loop] && (b.Kind == cfg.KindRangeLoop || b.Kind == cfg.KindForLoop) &&
					(s.Kind == cfg.KindRangeDone || s.Kind == cfg.KindForDone):
					next = fs.apply(func(st state) state { st.pending, st.stream = 0, false; return st })
				case a.rangesCh[loop] && b.Kind == cfg.KindRangeLoop && s.Kind == cfg.KindRangeBody:
					next = fs.apply(received(1))
				}
			}
			old, seen := in[s]
			if !seen {
				in[s] = next
				work = append(work, s)
				continue
			}
			merged := flowState{}
			maps.Copy(merged, old)
			changed := false
			for k, v := range next {
				prev, ok := merged[k]
				j := joinState(prev, v)
				if !ok || j != prev {
					merged[k] = j
					changed = true
				}
			}
			if changed {
				in[s] = merged
				work = append(work, s)
			}
		}
	}
	return found
}

// reportable filters out returns this analysis cannot judge: senders that
// send an unknown number of values (many, or only if some condition holds)
// after the caller took some of them outside a loop, and a
// receive loop that counts its senders down (remaining--; if remaining == 0
// { return }).
func (a *leakFinder) reportable(ret *ast.ReturnStmt, st state) bool {
	var conds []ast.Expr
	if rc, ok := a.body.FindNode(ret); ok {
		for p := range enclosing(rc, a.body) {
			switch n := p.Node().(type) {
			case *ast.IfStmt:
				conds = append(conds, n.Cond)
			case *ast.ForStmt, *ast.RangeStmt:
				loop := n.(ast.Stmt)
				if !a.receiveLoop(loop) {
					continue
				}
				counters := counters(a.info, flow.LoopBody(loop))
				for _, c := range conds {
					if predicate.Mentions(a.info, c, counters) {
						return false
					}
				}
				return true
			}
		}
	}
	return !st.stream || st.got == 0
}

// counters returns the variables incremented or decremented in body.
func counters(info *types.Info, body ast.Node) map[types.Object]bool {
	out := map[types.Object]bool{}
	ast.Inspect(body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.IncDecStmt:
			if id := predicate.Ident(n.X); id != nil {
				out[info.ObjectOf(id)] = true
			}
		case *ast.AssignStmt:
			if n.Tok == token.ADD_ASSIGN || n.Tok == token.SUB_ASSIGN {
				for _, l := range n.Lhs {
					if id := predicate.Ident(l); id != nil {
						out[info.ObjectOf(id)] = true
					}
				}
			}
		}
		return true
	})
	return out
}
