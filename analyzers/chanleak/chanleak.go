package chanleak

import (
	_ "embed"
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"strconv"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/ctrlflow"
	"golang.org/x/tools/go/analysis/passes/inspect"
	"golang.org/x/tools/go/ast/inspector"
	"golang.org/x/tools/go/cfg"
	"golang.org/x/tools/go/types/typeutil"

	"github.com/drillhq/drill/analyzers/internal/analysisdoc"
	"github.com/drillhq/drill/analyzers/internal/flow"
)

//go:embed doc.go
var doc string

// Analyzer reports sends that can never complete.
var Analyzer = &analysis.Analyzer{
	Name:     "chanleak",
	Doc:      analysisdoc.MustExtract(doc, "chanleak"),
	URL:      "https://pkg.go.dev/github.com/drillhq/drill/analyzers/chanleak",
	Requires: []*analysis.Analyzer{ctrlflow.Analyzer, inspect.Analyzer},
	Run:      run,
}

func run(pass *analysis.Pass) (any, error) {
	cfgs := pass.ResultOf[ctrlflow.Analyzer].(*ctrlflow.CFGs)
	ins := pass.ResultOf[inspect.Analyzer].(*inspector.Inspector)
	for n := range ins.PreorderSeq((*ast.FuncDecl)(nil), (*ast.FuncLit)(nil)) {
		switch f := n.(type) {
		case *ast.FuncDecl:
			if f.Body != nil {
				checkFunc(pass, cfgs, f.Name.Name, f.Body, cfgs.FuncDecl(f))
			}
		case *ast.FuncLit:
			checkFunc(pass, cfgs, "the func literal", f.Body, cfgs.FuncLit(f))
		}
	}
	return nil, nil
}

const (
	inf   = 1 << 20 // unboundedly many pending senders
	limit = 16      // counts above this widen to inf
)

// A sender is a goroutine, started by the function, that sends on the
// channel without a way out.
type sender struct {
	launch ast.Node        // the go statement or the wg.Go / g.Go call
	lit    *ast.FuncLit    // the function it runs
	sends  []*ast.SendStmt // blocking sends
	many   bool            // sends more than once (a send in a loop)
	cond   bool            // may finish without sending (if found { ch <- v })
}

type channel struct {
	def     ast.Node // the statement that makes it
	obj     types.Object
	name    string
	cap     int
	senders []*sender
}

// parents maps every node of body to its parent.
func parents(body ast.Node) map[ast.Node]ast.Node {
	m := map[ast.Node]ast.Node{}
	var stack []ast.Node
	ast.Inspect(body, func(n ast.Node) bool {
		if n == nil {
			stack = stack[:len(stack)-1]
			return false
		}
		if len(stack) > 0 {
			m[n] = stack[len(stack)-1]
		}
		stack = append(stack, n)
		return true
	})
	return m
}

// channels finds ch := make(chan T[, const]) declared directly in body.
func channels(info *types.Info, body *ast.BlockStmt) []*channel {
	var out []*channel
	add := func(id *ast.Ident, rhs ast.Expr, def ast.Node) {
		call, ok := ast.Unparen(rhs).(*ast.CallExpr)
		if !ok || len(call.Args) == 0 {
			return
		}
		if b, ok := info.Uses[identOf(call.Fun)].(*types.Builtin); !ok || b.Name() != "make" {
			return
		}
		if _, ok := info.TypeOf(call.Args[0]).Underlying().(*types.Chan); !ok {
			return
		}
		capacity := 0
		if len(call.Args) > 1 {
			tv := info.Types[call.Args[1]]
			if tv.Value == nil {
				return // make(chan T, len(servers)): sized at run time, assume it fits
			}
			v, ok := constant.Int64Val(constant.ToInt(tv.Value))
			if !ok {
				return
			}
			capacity = int(v)
		}
		if obj := info.Defs[id]; obj != nil {
			out = append(out, &channel{def: def, obj: obj, name: id.Name, cap: capacity})
		}
	}
	ast.Inspect(body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.AssignStmt:
			if n.Tok == token.DEFINE && len(n.Lhs) == len(n.Rhs) {
				for i, l := range n.Lhs {
					if id, ok := l.(*ast.Ident); ok {
						add(id, n.Rhs[i], n)
					}
				}
			}
		case *ast.ValueSpec:
			if len(n.Names) == len(n.Values) {
				for i, id := range n.Names {
					add(id, n.Values[i], n)
				}
			}
		}
		return true
	})
	return out
}

func identOf(e ast.Expr) *ast.Ident {
	id, _ := ast.Unparen(e).(*ast.Ident)
	return id
}

// launchOf returns the go statement or wg.Go/g.Go call that starts lit, or
// nil when lit is not started on a goroutine right where it is written.
func launchOf(info *types.Info, lit *ast.FuncLit, parent map[ast.Node]ast.Node) ast.Node {
	call, ok := parent[lit].(*ast.CallExpr)
	if !ok {
		return nil
	}
	if ast.Unparen(call.Fun) == lit && len(call.Args) == 0 {
		if g, ok := parent[call].(*ast.GoStmt); ok {
			return g
		}
		return nil
	}
	if len(call.Args) == 1 && call.Args[0] == lit {
		if f, ok := typeutil.Callee(info, call).(*types.Func); ok && flow.IsLaunchMethod(f) {
			return call
		}
	}
	return nil
}

// classify fills ch.senders, or reports false when the channel is used in a
// way this analysis does not model (passed on, returned, received by another
// goroutine, received with comma-ok): then it stays silent.
func classify(info *types.Info, cfgs *ctrlflow.CFGs, body *ast.BlockStmt, ch *channel, parent map[ast.Node]ast.Node) bool {
	bySite := map[*ast.FuncLit]*sender{}
	ok := true
	ast.Inspect(body, func(n ast.Node) bool {
		if !ok {
			return false
		}
		id, isID := n.(*ast.Ident)
		if !isID || info.Uses[id] != ch.obj {
			return true
		}
		// The innermost and outermost function literals around the use.
		var inner, outer *ast.FuncLit
		var loopsInLit []ast.Stmt
		for p := parent[id]; p != nil && p != body; p = parent[p] {
			switch p := p.(type) {
			case *ast.FuncLit:
				if inner == nil {
					inner = p
				}
				outer = p
			case *ast.ForStmt, *ast.RangeStmt:
				if inner == nil {
					loopsInLit = append(loopsInLit, p.(ast.Stmt))
				}
			}
		}
		par := parent[id]
		if inner == nil {
			ok = parentUse(info, id, par, parent)
			return ok
		}
		if inner != outer {
			ok = false
			return false
		}
		launch := launchOf(info, inner, parent)
		if launch == nil {
			ok = false
			return false
		}
		s := bySite[inner]
		if s == nil {
			s = &sender{launch: launch, lit: inner}
			bySite[inner] = s
			ch.senders = append(ch.senders, s)
		}
		switch p := par.(type) {
		case *ast.SendStmt:
			if p.Chan != id {
				ok = false
			} else if !guarded(p, parent) {
				s.sends = append(s.sends, p)
				// A send followed by break or return inside the loop
				// happens once.
				for _, loop := range loopsInLit {
					if flow.PerIteration(cfgs.FuncLit(inner), loop, p.Pos()) {
						s.many = true
					}
				}
			}
		case *ast.CallExpr:
			if !isBuiltin(info, p, "close") {
				ok = false
			}
		default:
			ok = false
		}
		return ok
	})
	if !ok {
		return false
	}
	var blocking []*sender
	for _, s := range ch.senders {
		if len(s.sends) > 0 {
			s.cond = mayFinishWithout(cfgs.FuncLit(s.lit), s.sends)
			blocking = append(blocking, s)
		}
	}
	ch.senders = blocking
	return len(blocking) > 0
}

// mayFinishWithout reports whether the goroutine can return without passing
// any of its blocking sends.
func mayFinishWithout(g *cfg.CFG, sends []*ast.SendStmt) bool {
	if g == nil || len(g.Blocks) == 0 {
		return true
	}
	isSend := map[ast.Node]bool{}
	for _, s := range sends {
		isSend[s] = true
	}
	seen := map[*cfg.Block]bool{}
	stack := []*cfg.Block{g.Blocks[0]}
	for len(stack) > 0 {
		b := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if seen[b] {
			continue
		}
		seen[b] = true
		blocked := false
		for _, n := range b.Nodes {
			if isSend[n] {
				blocked = true
				break
			}
			if _, ok := n.(*ast.ReturnStmt); ok {
				return true
			}
		}
		if !blocked {
			stack = append(stack, b.Succs...)
		}
	}
	return false
}

// parentUse accepts the uses of the channel in the function that made it.
func parentUse(info *types.Info, id *ast.Ident, par ast.Node, parent map[ast.Node]ast.Node) bool {
	switch p := par.(type) {
	case *ast.UnaryExpr:
		if p.Op != token.ARROW {
			return false
		}
		// v, ok := <-ch: a closed channel ends the loop; not modelled.
		switch gp := parent[p].(type) {
		case *ast.AssignStmt:
			return len(gp.Lhs) == 1
		case *ast.ValueSpec:
			return len(gp.Names) == 1
		}
		return true
	case *ast.RangeStmt:
		return p.X == id
	case *ast.CallExpr:
		return isBuiltin(info, p, "close") || isBuiltin(info, p, "len") || isBuiltin(info, p, "cap")
	}
	// Reassigned, aliased, passed on, returned or stored: someone else may
	// receive.
	return false
}

func isBuiltin(info *types.Info, call *ast.CallExpr, name string) bool {
	b, ok := info.Uses[identOf(call.Fun)].(*types.Builtin)
	return ok && b.Name() == name
}

// guarded reports whether a send is one case of a select that has another
// way out (ctx.Done(), a timeout, default).
func guarded(send *ast.SendStmt, parent map[ast.Node]ast.Node) bool {
	cc, ok := parent[send].(*ast.CommClause)
	if !ok || cc.Comm != send {
		return false
	}
	body, ok := parent[cc].(*ast.BlockStmt)
	return ok && len(body.List) > 1
}

// receives counts receives from the channel in n, outside function literals.
func receives(info *types.Info, n ast.Node, obj types.Object) int {
	k := 0
	ast.Inspect(n, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.UnaryExpr:
			if n.Op == token.ARROW {
				if id := identOf(n.X); id != nil && info.Uses[id] == obj {
					k++
				}
			}
		}
		return true
	})
	return k
}

type state struct {
	pending int  // values sent and not yet received (max over paths)
	got     int  // values received so far (max over paths, capped at 2)
	stream  bool // a goroutine that sends an unknown number of values (many, or maybe none) is still running
}

// flowState splits the paths reaching a point by the last select case that
// gave up waiting (nil: none), so a report can say how the function left.
type flowState map[ast.Stmt]state

func (fs flowState) rekey(key ast.Stmt) flowState {
	out := flowState{}
	for _, st := range fs {
		out[key] = joinState(out[key], st)
	}
	return out
}

func joinState(a, b state) state {
	return state{pending: max(a.pending, b.pending), got: max(a.got, b.got), stream: a.stream || b.stream}
}

func (fs flowState) apply(f func(state) state) flowState {
	out := make(flowState, len(fs))
	for k, st := range fs {
		out[k] = f(st)
	}
	return out
}

func sub(a, b int) int {
	if a >= inf {
		return inf
	}
	if a -= b; a < 0 {
		return 0
	}
	return a
}

func add(a, b int) int {
	if a >= inf || b >= inf || a+b > limit {
		return inf
	}
	return a + b
}

func mul(a, b int) int {
	if a >= inf || b >= inf || a*b > limit {
		return inf
	}
	return a * b
}

func received(k int) func(state) state {
	return func(st state) state {
		st.pending, st.got = sub(st.pending, k), min(st.got+k, 2)
		return st
	}
}

// leak describes the first point that strands a sender: a return, or the
// start of the next iteration of a loop that makes a fresh channel each time.
type leak struct {
	pos  token.Pos
	ret  *ast.ReturnStmt
	loop ast.Stmt
	st   state
	via  ast.Stmt
}

func checkFunc(pass *analysis.Pass, cfgs *ctrlflow.CFGs, name string, body *ast.BlockStmt, g *cfg.CFG) {
	if g == nil {
		return
	}
	info := pass.TypesInfo
	var parent map[ast.Node]ast.Node
	for _, ch := range channels(info, body) {
		if parent == nil {
			parent = parents(body)
		}
		if !classify(info, cfgs, body, ch, parent) {
			continue
		}
		a := &leakFinder{info: info, body: body, g: g, ch: ch, parent: parent}
		if l := a.find(); l != nil {
			report(pass, name, body, ch, l, parent)
		}
	}
}

type leakFinder struct {
	info   *types.Info
	body   *ast.BlockStmt
	g      *cfg.CFG
	ch     *channel
	parent map[ast.Node]ast.Node

	comms    map[ast.Node]bool  // select comm statements, evaluated by their case block
	drains   map[ast.Stmt]bool  // loops that receive from the channel
	rangesCh map[ast.Stmt]bool  // for v := range ch
	atExit   map[ast.Stmt]state // senders counted when their launch loop finishes
	counted  map[*sender]bool   // senders counted at a loop exit, not per launch
	defLoops map[ast.Stmt]bool  // loops that make a fresh channel every iteration
}

// receiveLoop reports whether loop receives from the channel in its body.
func (a *leakFinder) receiveLoop(loop ast.Stmt) bool { return a.drains[loop] }

// tripCount returns the constant number of iterations of loop, or inf.
func tripCount(info *types.Info, loop ast.Stmt) int {
	constInt := func(e ast.Expr) (int, bool) {
		tv := info.Types[e]
		if tv.Value == nil {
			return 0, false
		}
		v, ok := constant.Int64Val(constant.ToInt(tv.Value))
		return int(v), ok && v >= 0
	}
	switch l := loop.(type) {
	case *ast.RangeStmt:
		if n, ok := constInt(l.X); ok {
			return n
		}
		t := info.TypeOf(l.X)
		if t == nil {
			return inf
		}
		if p, ok := t.Underlying().(*types.Pointer); ok {
			t = p.Elem()
		}
		if arr, ok := t.Underlying().(*types.Array); ok {
			return int(arr.Len())
		}
	case *ast.ForStmt:
		init, ok := l.Init.(*ast.AssignStmt)
		cond, ok2 := ast.Unparen(l.Cond).(*ast.BinaryExpr)
		post, ok3 := l.Post.(*ast.IncDecStmt)
		if !ok || !ok2 || !ok3 || len(init.Lhs) != 1 || len(init.Rhs) != 1 || post.Tok != token.INC {
			return inf
		}
		i := identOf(init.Lhs[0])
		if i == nil || identOf(cond.X) == nil || identOf(post.X) == nil ||
			info.ObjectOf(identOf(cond.X)) != info.ObjectOf(i) || info.ObjectOf(identOf(post.X)) != info.ObjectOf(i) {
			return inf
		}
		lo, ok := constInt(init.Rhs[0])
		hi, ok2 := constInt(cond.Y)
		if !ok || !ok2 {
			return inf
		}
		switch cond.Op {
		case token.LSS:
			return max(hi-lo, 0)
		case token.LEQ:
			return max(hi-lo+1, 0)
		}
	}
	return inf
}

func (a *leakFinder) prepare() {
	info, ch := a.info, a.ch
	a.comms = map[ast.Node]bool{}
	a.drains = map[ast.Stmt]bool{}
	a.defLoops = map[ast.Stmt]bool{}
	for p := a.parent[ch.def]; p != nil && p != a.body; p = a.parent[p] {
		if loop, ok := p.(ast.Stmt); ok && flow.LoopBody(loop) != nil {
			a.defLoops[loop] = true
		}
	}
	a.rangesCh = map[ast.Stmt]bool{}
	ast.Inspect(a.body, func(n ast.Node) bool {
		switch l := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.CommClause:
			if l.Comm != nil {
				a.comms[l.Comm] = true
			}
		case *ast.RangeStmt:
			if id := identOf(l.X); id != nil && info.Uses[id] == ch.obj {
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
		for p := a.parent[s.launch]; p != nil && p != a.body; p = a.parent[p] {
			if loop, ok := p.(ast.Stmt); ok && flow.LoopBody(loop) != nil && !a.defLoops[loop] {
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
	launched := func(n ast.Node) (int, bool) {
		total, stream := 0, false
		for _, s := range ch.senders {
			if !a.counted[s] && flow.Within(n, s.launch) {
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
			if flow.Within(n, ch.def) {
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
			if loop, ok := b.Stmt.(ast.Stmt); ok && b.Stmt == s.Stmt {
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
			for k, v := range old {
				merged[k] = v
			}
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
	for p := a.parent[ret]; p != nil && p != a.body; p = a.parent[p] {
		switch p := p.(type) {
		case *ast.IfStmt:
			conds = append(conds, p.Cond)
		case *ast.ForStmt, *ast.RangeStmt:
			loop := p.(ast.Stmt)
			if !a.receiveLoop(loop) {
				continue
			}
			counters := counters(a.info, flow.LoopBody(loop))
			for _, c := range conds {
				if mentionsAny(a.info, c, counters) {
					return false
				}
			}
			return true
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
			if id := identOf(n.X); id != nil {
				out[info.ObjectOf(id)] = true
			}
		case *ast.AssignStmt:
			if n.Tok == token.ADD_ASSIGN || n.Tok == token.SUB_ASSIGN {
				for _, l := range n.Lhs {
					if id := identOf(l); id != nil {
						out[info.ObjectOf(id)] = true
					}
				}
			}
		}
		return true
	})
	return out
}

func mentionsAny(info *types.Info, e ast.Expr, objs map[types.Object]bool) bool {
	found := false
	ast.Inspect(e, func(n ast.Node) bool {
		if id, ok := n.(*ast.Ident); ok && objs[info.Uses[id]] {
			found = true
		}
		return !found
	})
	return found
}

func report(pass *analysis.Pass, fname string, body *ast.BlockStmt, ch *channel, l *leak, parent map[ast.Node]ast.Node) {
	info := pass.TypesInfo
	first := ch.senders[0]
	send := first.sends[0]
	for _, s := range ch.senders {
		for _, x := range s.sends {
			if x.Pos() < send.Pos() {
				first, send = s, x
			}
		}
	}
	// How the function gets away: through another select case, out of a
	// receive loop, after one value, or without receiving at all.
	how := ""
	if l.ret == nil {
		how = "moves on to the next iteration"
		if l.via != nil {
			how = "moves on after " + commText(l.via)
		}
	}
	for p := parent[l.ret]; l.ret != nil && p != nil && p != body && how == ""; p = parent[p] {
		if cc, ok := p.(*ast.CommClause); ok {
			if cc.Comm == nil {
				how = "through the select's default case"
			} else if receives(info, cc.Comm, ch.obj) == 0 {
				how = "on " + commText(cc.Comm) + " first"
			}
		}
		if loop, ok := p.(ast.Stmt); ok && flow.LoopBody(loop) != nil {
			r, isRange := loop.(*ast.RangeStmt)
			if isRange && info.Uses[identOf(r.X)] == ch.obj || receives(info, flow.LoopBody(loop), ch.obj) > 0 {
				how = "before receiving every value"
			}
		}
	}
	switch {
	case how != "":
	case l.via != nil:
		how = "on " + commText(l.via) + " first"
	case l.st.got > 0:
		how = "after the first value"
	default:
		how = "without receiving from it"
	}
	if l.ret != nil {
		how = "returns " + how
	}
	pass.Reportf(send.Pos(), "goroutine sending on %s blocks forever when %s %s: make %s buffered (%s) or select on ctx.Done()",
		ch.name, fname, how, ch.name, bufferHint(info, body, ch, first, parent))
}

func commText(s ast.Stmt) string {
	switch s := s.(type) {
	case *ast.ExprStmt:
		return types.ExprString(s.X)
	case *ast.AssignStmt:
		if len(s.Rhs) == 1 {
			return types.ExprString(s.Rhs[0])
		}
	}
	return "another case"
}

// bufferHint suggests a capacity: the collection the senders are started
// from, the loop bound, or the number of go statements.
func bufferHint(info *types.Info, body *ast.BlockStmt, ch *channel, s *sender, parent map[ast.Node]ast.Node) string {
	if s.many {
		return "the number of values sent"
	}
	for p := parent[s.launch]; p != nil && p != body; p = parent[p] {
		if loop, ok := p.(ast.Stmt); ok && flow.Within(p, ch.def) && flow.LoopBody(loop) != nil {
			break // a loop that makes a new channel each time
		}
		switch l := p.(type) {
		case *ast.RangeStmt:
			if t := info.TypeOf(l.X); t != nil {
				if b, ok := t.Underlying().(*types.Basic); ok && b.Info()&types.IsInteger != 0 {
					return types.ExprString(l.X)
				}
			}
			return "len(" + types.ExprString(l.X) + ")"
		case *ast.ForStmt:
			if c, ok := ast.Unparen(l.Cond).(*ast.BinaryExpr); ok && (c.Op == token.LSS || c.Op == token.LEQ) {
				return types.ExprString(c.Y)
			}
			return "the number of senders"
		}
	}
	return strconv.Itoa(len(ch.senders))
}
