package chanleak

import (
	"go/ast"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/ctrlflow"
	"golang.org/x/tools/go/ast/inspector"
	"golang.org/x/tools/go/cfg"

	"github.com/drillhq/drill/analyzers/internal/predicate"
)

// Readiness: the function starts one goroutine that is meant to signal by
// close(ch) or ch <- v, and then waits on a bare <-ch. A path through the
// goroutine that finishes without signalling leaves the function blocked
// forever. The opposite direction from the rest of the analyzer: here the
// receiver is the one stranded, so a buffer does not help.

// readySignal is one goroutine's signals on a readiness channel and the
// receive in the function that waits for them.
type readySignal struct {
	lit     *ast.FuncLit
	launch  inspector.Cursor
	signals map[ast.Node]bool // close(ch), defer close(ch), ch <- v: CFG nodes of lit
	send    bool              // signals by sending rather than closing
	wait    *ast.UnaryExpr    // the first bare receive in the function
}

// checkReady reports the first path through ch's signalling goroutine that
// finishes without signalling, when the function waits on <-ch alone.
func checkReady(pass *analysis.Pass, cfgs *ctrlflow.CFGs, name string, body inspector.Cursor, ch *channel) {
	info := pass.TypesInfo
	r := readiness(info, body, ch)
	if r == nil {
		return
	}
	pos, ok := unsignalledExit(info, cfgs, r)
	if !ok {
		return
	}
	what, fix := "closing "+ch.name, "close("+ch.name+") on every path (defer it)"
	if r.send {
		what, fix = "sending on "+ch.name, "send on "+ch.name+" on every path"
	}
	pass.Reportf(pos, "goroutine finishes here without %s, so %s blocks forever on <-%s: %s, or wait in a select that also receives the error",
		what, name, ch.name, fix)
}

// readiness returns the signalling goroutine and the wait for ch, or nil
// when ch is used in any other way: passed on, stored, ranged over, used
// by more than one goroutine or one started in a loop, signalled in a
// loop or by the function itself, or received in a select (the function
// has another way out, or at least thought about one).
func readiness(info *types.Info, body inspector.Cursor, ch *channel) *readySignal {
	r := &readySignal{signals: map[ast.Node]bool{}}
	for idCur := range body.Preorder((*ast.Ident)(nil)) {
		id := idCur.Node().(*ast.Ident)
		if info.Uses[id] != ch.obj {
			continue
		}
		var lit *ast.FuncLit
		var litCur inspector.Cursor
		inSelect, inLoop := false, false
		for p := range enclosing(idCur, body) {
			switch n := p.Node().(type) {
			case *ast.FuncLit:
				if lit != nil {
					return nil // a literal inside the goroutine: once.Do, defer func
				}
				lit, litCur = n, p
			case *ast.SelectStmt:
				inSelect = true
			case *ast.ForStmt, *ast.RangeStmt:
				inLoop = inLoop || lit == nil
			}
		}
		if inSelect {
			return nil
		}
		if lit != nil && inLoop {
			return nil // sent in a loop: a stream of values, not one signal
		}
		par := idCur.Parent()
		if lit == nil {
			u, ok := par.Node().(*ast.UnaryExpr)
			if !ok || u.Op != token.ARROW {
				return nil
			}
			if r.wait == nil || u.Pos() < r.wait.Pos() {
				r.wait = u
			}
			continue
		}
		if r.lit == nil {
			launch, ok := launchOf(info, litCur)
			if !ok || loopAround(launch, body) {
				return nil
			}
			r.lit, r.launch = lit, launch
		} else if r.lit != lit {
			return nil
		}
		switch p := par.Node().(type) {
		case *ast.SendStmt:
			if p.Chan != id {
				return nil
			}
			r.signals[p] = true
			r.send = true
		case *ast.CallExpr:
			if !predicate.IsBuiltin(info, p, "close") {
				return nil
			}
			switch stmt := par.Parent().Node().(type) {
			case *ast.ExprStmt, *ast.DeferStmt:
				r.signals[stmt] = true
			default:
				return nil
			}
		default:
			return nil
		}
	}
	if r.lit == nil || r.wait == nil || len(r.signals) == 0 || r.wait.Pos() < r.launch.Node().End() {
		return nil
	}
	return r
}

// loopAround reports whether c is inside a loop of the function at body.
func loopAround(c, body inspector.Cursor) bool {
	for p := range enclosing(c, body) {
		switch p.Node().(type) {
		case *ast.ForStmt, *ast.RangeStmt:
			return true
		}
	}
	return false
}

// unsignalledExit returns the first place, in source order, where the
// goroutine finishes on a path that passed none of its signals: a return,
// or the closing brace when it falls off the end. Paths that end in panic,
// os.Exit, log.Fatal or runtime.Goexit do not count: the process or the
// goroutine dies, which is a different failure.
func unsignalledExit(info *types.Info, cfgs *ctrlflow.CFGs, r *readySignal) (token.Pos, bool) {
	g := cfgs.FuncLit(r.lit)
	if g == nil || len(g.Blocks) == 0 {
		return token.NoPos, false
	}
	best := token.NoPos
	exit := func(pos token.Pos) {
		if best == token.NoPos || pos < best {
			best = pos
		}
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
		signalled := false
		for _, n := range b.Nodes {
			if r.signals[n] {
				signalled = true
				break
			}
			if ret, ok := n.(*ast.ReturnStmt); ok {
				exit(ret.Pos())
				signalled = true // nothing after a return runs
				break
			}
		}
		if signalled {
			continue
		}
		if len(b.Succs) == 0 && !endsInNoReturn(info, cfgs, b) {
			exit(r.lit.Body.Rbrace)
		}
		stack = append(stack, b.Succs...)
	}
	return best, best != token.NoPos
}

// endsInNoReturn reports whether block b ends in a call that never returns
// (panic, os.Exit, log.Fatal, runtime.Goexit): that is why it has no
// successors, not a fall off the end of the function.
func endsInNoReturn(info *types.Info, cfgs *ctrlflow.CFGs, b *cfg.Block) bool {
	if len(b.Nodes) == 0 {
		return false
	}
	return predicate.NoReturnStmt(info, cfgs, b.Nodes[len(b.Nodes)-1])
}
