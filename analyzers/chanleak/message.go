package chanleak

import (
	"go/ast"
	"go/token"
	"go/types"
	"strconv"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ast/inspector"

	"github.com/drillhq/drill/analyzers/internal/flow"
	"github.com/drillhq/drill/analyzers/internal/predicate"
)

// report says, at the first blocking send, how the function strands its
// senders and what buffer would let them finish.
func report(pass *analysis.Pass, fname string, body inspector.Cursor, ch *channel, l *leak) {
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
	} else if rc, ok := body.FindNode(l.ret); ok {
		for p := range enclosing(rc, body) {
			if how != "" {
				break
			}
			if cc, ok := p.Node().(*ast.CommClause); ok {
				if cc.Comm == nil {
					how = "through the select's default case"
				} else if receives(info, cc.Comm, ch.obj) == 0 {
					how = "on " + commText(cc.Comm) + " first"
				}
			}
			if loop, ok := p.Node().(ast.Stmt); ok && flow.LoopBody(loop) != nil {
				r, isRange := loop.(*ast.RangeStmt)
				if isRange && info.Uses[predicate.Ident(r.X)] == ch.obj || receives(info, flow.LoopBody(loop), ch.obj) > 0 {
					how = "before receiving every value"
				}
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
		ch.name, fname, how, ch.name, bufferHint(info, body, ch, first))
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
func bufferHint(info *types.Info, body inspector.Cursor, ch *channel, s *sender) string {
	if s.many {
		return "the number of values sent"
	}
	for p := range enclosing(s.launch, body) {
		if loop, ok := p.Node().(ast.Stmt); ok && flow.Within(loop, ch.def.Node()) && flow.LoopBody(loop) != nil {
			break // a loop that makes a new channel each time
		}
		switch l := p.Node().(type) {
		case *ast.RangeStmt:
			if t := info.TypeOf(l.X); t != nil && predicate.HasBasicInfo(t, types.IsInteger) {
				return types.ExprString(l.X)
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
