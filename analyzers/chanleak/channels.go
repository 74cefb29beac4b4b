package chanleak

import (
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/analysis/passes/ctrlflow"
	"golang.org/x/tools/go/ast/edge"
	"golang.org/x/tools/go/ast/inspector"
	"golang.org/x/tools/go/cfg"

	"github.com/drillhq/drill/analyzers/internal/flow"
	"github.com/drillhq/drill/analyzers/internal/predicate"
)

// Which channels the analysis models, and who sends on them: a channel made
// in the function and used there only to receive, range over, close or
// measure, with goroutines started right where their function literal is
// written as its only other users.

// A sender is a goroutine, started by the function, that sends on the
// channel without a way out.
type sender struct {
	launch inspector.Cursor // the go statement or the wg.Go / g.Go call
	lit    *ast.FuncLit     // the function it runs
	sends  []*ast.SendStmt  // blocking sends
	many   bool             // sends more than once (a send in a loop)
	cond   bool             // may finish without sending (if found { ch <- v })
}

type channel struct {
	def     inspector.Cursor // the statement that makes it
	obj     types.Object
	name    string
	cap     int
	senders []*sender
}

// channels finds ch := make(chan T[, const]) declared directly in body.
func channels(info *types.Info, body inspector.Cursor) []*channel {
	var out []*channel
	add := func(id *ast.Ident, rhs ast.Expr, def inspector.Cursor) {
		call, ok := ast.Unparen(rhs).(*ast.CallExpr)
		if !ok || len(call.Args) == 0 {
			return
		}
		if !predicate.IsBuiltin(info, call, "make") {
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
	kinds := []ast.Node{(*ast.FuncLit)(nil), (*ast.AssignStmt)(nil), (*ast.ValueSpec)(nil)}
	body.Inspect(kinds, func(c inspector.Cursor) bool {
		switch n := c.Node().(type) {
		case *ast.FuncLit:
			return false
		case *ast.AssignStmt:
			if n.Tok == token.DEFINE && len(n.Lhs) == len(n.Rhs) {
				for i, l := range n.Lhs {
					if id, ok := l.(*ast.Ident); ok {
						add(id, n.Rhs[i], c)
					}
				}
			}
		case *ast.ValueSpec:
			if len(n.Names) == len(n.Values) {
				for i, id := range n.Names {
					add(id, n.Values[i], c)
				}
			}
		}
		return true
	})
	return out
}

// launchOf returns the go statement or wg.Go/g.Go call that starts the
// function literal at lit, or false when it is not started on a goroutine
// right where it is written.
func launchOf(info *types.Info, lit inspector.Cursor) (inspector.Cursor, bool) {
	callCur := lit.Parent()
	call, ok := callCur.Node().(*ast.CallExpr)
	if !ok {
		return inspector.Cursor{}, false
	}
	if ast.Unparen(call.Fun) == lit.Node() && len(call.Args) == 0 {
		if _, ok := callCur.Parent().Node().(*ast.GoStmt); ok {
			return callCur.Parent(), true
		}
		return inspector.Cursor{}, false
	}
	if len(call.Args) == 1 && call.Args[0] == lit.Node() {
		if flow.IsLaunchMethod(predicate.CalleeFunc(info, call)) {
			return callCur, true
		}
	}
	return inspector.Cursor{}, false
}

// classify fills ch.senders, or reports false when the channel is used in a
// way this analysis does not model (passed on, returned, received by another
// goroutine, received with comma-ok): then it stays silent.
func classify(info *types.Info, cfgs *ctrlflow.CFGs, body inspector.Cursor, ch *channel) bool {
	bySite := map[*ast.FuncLit]*sender{}
	for idCur := range body.Preorder((*ast.Ident)(nil)) {
		id := idCur.Node().(*ast.Ident)
		if info.Uses[id] != ch.obj {
			continue
		}
		// The innermost and outermost function literals around the use.
		var inner, outer *ast.FuncLit
		var innerCur inspector.Cursor
		var loopsInLit []ast.Stmt
		for p := range enclosing(idCur, body) {
			switch n := p.Node().(type) {
			case *ast.FuncLit:
				if inner == nil {
					inner, innerCur = n, p
				}
				outer = n
			case *ast.ForStmt, *ast.RangeStmt:
				if inner == nil {
					loopsInLit = append(loopsInLit, n.(ast.Stmt))
				}
			}
		}
		par := idCur.Parent()
		if inner == nil {
			if !parentUse(info, id, par) {
				return false
			}
			continue
		}
		if inner != outer {
			return false
		}
		launch, ok := launchOf(info, innerCur)
		if !ok {
			return false
		}
		s := bySite[inner]
		if s == nil {
			s = &sender{launch: launch, lit: inner}
			bySite[inner] = s
			ch.senders = append(ch.senders, s)
		}
		switch p := par.Node().(type) {
		case *ast.SendStmt:
			if p.Chan != id {
				return false
			}
			if !guarded(par) {
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
			if !predicate.IsBuiltin(info, p, "close") {
				return false
			}
		default:
			return false
		}
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

// parentUse accepts the uses of the channel in the function that made it;
// par is the node holding the identifier id.
func parentUse(info *types.Info, id *ast.Ident, par inspector.Cursor) bool {
	switch p := par.Node().(type) {
	case *ast.UnaryExpr:
		if p.Op != token.ARROW {
			return false
		}
		// v, ok := <-ch: a closed channel ends the loop; not modelled.
		switch gp := par.Parent().Node().(type) {
		case *ast.AssignStmt:
			return len(gp.Lhs) == 1
		case *ast.ValueSpec:
			return len(gp.Names) == 1
		}
		return true
	case *ast.RangeStmt:
		return p.X == id
	case *ast.CallExpr:
		return predicate.IsBuiltin(info, p, "close") || predicate.IsBuiltin(info, p, "len") || predicate.IsBuiltin(info, p, "cap")
	}
	// Reassigned, aliased, passed on, returned or stored: someone else may
	// receive.
	return false
}

// guarded reports whether the send at send is one case of a select that
// has another way out (ctx.Done(), a timeout, default).
func guarded(send inspector.Cursor) bool {
	if send.ParentEdgeKind() != edge.CommClause_Comm {
		return false
	}
	body, ok := send.Parent().Parent().Node().(*ast.BlockStmt)
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
				if id := predicate.Ident(n.X); id != nil && info.Uses[id] == obj {
					k++
				}
			}
		}
		return true
	})
	return k
}
