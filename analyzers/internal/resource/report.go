package resource

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/inspect"
	"golang.org/x/tools/go/ast/inspector"
	"golang.org/x/tools/go/ssa"

	"github.com/drillhq/drill/analyzers/internal/predicate"
)

// Leaks as diagnostics: on the acquiring statement, saying on which path
// the resource is left open, with a suggested fix where it is certain.

// Report reports every leak of the kinds in ks as a diagnostic on the
// acquiring statement. The calling analyzer must require Analyzer and
// inspect.Analyzer.
func Report(pass *analysis.Pass, ks KindSet) {
	res := ResultOf(pass)
	leaks := res.Leaks(ks)
	if len(leaks) == 0 {
		return
	}
	insp := pass.ResultOf[inspect.Analyzer].(*inspector.Inspector)
	for _, l := range leaks {
		if inTest(pass, l.Call.Parent()) {
			continue // a leak in a test lasts as long as the test binary
		}
		site := SiteAt(insp, l.Call.Pos())
		if site == nil {
			continue // generated code without syntax
		}
		callee := CalleeName(&l.Call.Call)
		name := site.LHSName(l.Src.Index)
		if name == "" {
			name = "the " + noun(l.Src.Kind) + " from " + callee
		}
		stmt := site.Stmt()
		diag := analysis.Diagnostic{Pos: stmt.Pos(), End: stmt.End()}
		switch {
		case l.Repeats != "":
			again := "this loop calls it again after a failure"
			if l.Repeats == "request" {
				again = "it runs on every request"
			}
			diag.Message = fmt.Sprintf("%s leaves the database pool it opens unclosed when it fails, and %s: every failure leaks a pool (its goroutine and any connection it made); close the pool on %s's error returns",
				callee, again, callee)
		case l.Discarded:
			diag.Message = fmt.Sprintf("the %s returned by %s is discarded, so it is never %s: %s",
				noun(l.Src.Kind), callee, released(l.Src.Kind), consequence(l.Src))
		case l.DeferInLoop != nil && !l.deferHolds:
			diag.Message = fmt.Sprintf("%s is released by a defer inside a loop, which runs only when %s returns, not after each iteration: release it explicitly in the loop, or move the loop body into a function",
				name, funcName(l.Fn))
			diag.Related = []analysis.RelatedInformation{{Pos: l.DeferInLoop.Pos(), Message: "deferred here"}}
		case l.DeferInLoop != nil:
			diag.Message = fmt.Sprintf("%s is released by a defer inside a loop, which runs only when %s returns: every iteration holds its %s open until then, so %s",
				name, funcName(l.Fn), noun(l.Src.Kind), consequence(l.Src))
			diag.Related = []analysis.RelatedInformation{{Pos: l.DeferInLoop.Pos(), Message: "deferred here"}}
		case l.Path.loop:
			diag.Message = fmt.Sprintf("%s before the loop calls %s again: %s",
				subject(l.Src.Kind, name), callee, consequence(l.Src))
		default:
			exitPos := l.Path.exit.Pos()
			if !exitPos.IsValid() {
				exitPos = funcEnd(l.Fn)
			}
			where := describePath(insp, l)
			diag.Message = fmt.Sprintf("%s %s (line %d): %s",
				subject(l.Src.Kind, name), where, pass.Fset.Position(exitPos).Line, consequence(l.Src))
			if exitPos.IsValid() {
				diag.Related = []analysis.RelatedInformation{{Pos: exitPos, Message: "the function returns here without releasing it"}}
			}
			if fix, ok := deferFix(pass, site, l); ok {
				diag.SuggestedFixes = []analysis.SuggestedFix{fix}
			}
		}
		pass.Report(diag)
	}
}

// describePath explains the last decision on the leaking path: "when Scan
// fails", "when resp.StatusCode != http.StatusOK", "inside the rows.Next
// loop", or "on this return".
func describePath(insp *inspector.Inspector, l *Leak) string {
	p := l.Path
	for k := len(p.blocks) - 2; k >= 0; k-- {
		b := p.blocks[k]
		iff, ok := b.Instrs[len(b.Instrs)-1].(*ssa.If)
		if !ok {
			continue
		}
		s := p.succs[k]
		if _, ok := l.errIf[iff]; ok {
			continue // the acquisition succeeded: not what the path is about
		}
		if _, ok := l.tracker.nilIf[iff]; ok {
			continue
		}
		if d, ok := l.tracker.drainIf[iff]; ok && d != s {
			return "on the early return inside the rows.Next loop"
		}
		if what, ok := failedCall(iff.Cond, s); ok {
			return "when " + what + " fails"
		}
		if succeeded(iff.Cond, s) {
			continue // "when err == nil" says nothing useful
		}
		var e ast.Expr
		switch c := iff.Cond.(type) {
		case *ssa.Parameter, *ssa.FreeVar:
			e = ast.NewIdent(c.Name())
		default:
			e = ExprAt(insp, c.Pos())
		}
		if e != nil {
			if s == 0 {
				return "when " + types.ExprString(e)
			}
			return "when " + negate(e)
		}
		return "on this return"
	}
	return "on this return"
}

// failedCall recognises `err != nil` (taken on succ) where err came from a
// call, and names the call.
func failedCall(cond ssa.Value, succ int) (string, bool) {
	if u, ok := cond.(*ssa.UnOp); ok && u.Op == token.NOT {
		return failedCall(u.X, 1-succ)
	}
	b, ok := cond.(*ssa.BinOp)
	if !ok || (b.Op != token.NEQ && b.Op != token.EQL) {
		return "", false
	}
	x := b.X
	if predicate.IsNilConst(x) {
		x = b.Y
	} else if !predicate.IsNilConst(b.Y) {
		return "", false
	}
	nonNil := (b.Op == token.NEQ) == (succ == 0)
	if !nonNil || !predicate.IsErrorType(x.Type()) {
		return "", false
	}
	var c *ssa.CallCommon
	switch v := x.(type) {
	case *ssa.Call:
		c = &v.Call
	case *ssa.Extract:
		if call, ok := v.Tuple.(*ssa.Call); ok {
			c = &call.Call
		}
	}
	if c == nil {
		return "", false
	}
	name := CalleeName(c)
	if fn := predicate.Callee(c); predicate.IsMethodNamed(fn, sqlPath, "Row", "Scan") && len(c.Args) > 0 {
		if q, ok := c.Args[0].(*ssa.Call); ok {
			name = CalleeName(&q.Call) + "(...).Scan"
		}
	}
	return name, true
}

func negate(e ast.Expr) string {
	e = ast.Unparen(e)
	if u, ok := e.(*ast.UnaryExpr); ok && u.Op == token.NOT {
		return types.ExprString(u.X)
	}
	if b, ok := e.(*ast.BinaryExpr); ok {
		ops := map[token.Token]token.Token{
			token.EQL: token.NEQ, token.NEQ: token.EQL,
			token.LSS: token.GEQ, token.GEQ: token.LSS,
			token.GTR: token.LEQ, token.LEQ: token.GTR,
		}
		if op, ok := ops[b.Op]; ok {
			return types.ExprString(b.X) + " " + op.String() + " " + types.ExprString(b.Y)
		}
	}
	switch e.(type) {
	case *ast.Ident, *ast.SelectorExpr, *ast.CallExpr:
		return "!" + types.ExprString(e)
	}
	return "!(" + types.ExprString(e) + ")"
}

// succeeded reports whether taking succ on cond means an error is nil.
func succeeded(cond ssa.Value, succ int) bool {
	if u, ok := cond.(*ssa.UnOp); ok && u.Op == token.NOT {
		return succeeded(u.X, 1-succ)
	}
	b, ok := cond.(*ssa.BinOp)
	if !ok || (b.Op != token.NEQ && b.Op != token.EQL) {
		return false
	}
	x := b.X
	if predicate.IsNilConst(x) {
		x = b.Y
	} else if !predicate.IsNilConst(b.Y) {
		return false
	}
	isNil := (b.Op == token.EQL) == (succ == 0)
	return isNil && predicate.IsErrorType(x.Type())
}

// inTest reports whether fn is test code: in a _test.go file, or a test
// helper (a function, or a literal inside one, with a testing parameter)
// wherever it lives. sqlleak and bodyleak leave test code alone: a
// response left open in a failing test, or a pool a test never closes,
// lives only as long as the test binary, and is no production leak.
func inTest(pass *analysis.Pass, fn *ssa.Function) bool {
	for ; fn != nil; fn = fn.Parent() {
		if predicate.IsTestFile(pass.Fset, fn.Pos()) || predicate.TakesTesting(fn.Signature) {
			return true
		}
	}
	return false
}
