package sqlapi

import (
	"bytes"
	"fmt"
	"go/ast"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ssa"
)

// SourceIndex maps SSA positions back to syntax: calls by their Lparen,
// conditions by their operator, and the statement around each call.
type SourceIndex struct {
	fset  *token.FileSet
	calls map[token.Pos]*CallSite
	exprs map[token.Pos]ast.Expr
}

// CallSite is a call expression and where it sits.
type CallSite struct {
	Call   *ast.CallExpr
	Parent ast.Node   // the node directly containing the call
	List   []ast.Stmt // the statement list holding Parent, if any
	Index  int        // Parent's index in List
}

// NewSourceIndex indexes files.
func NewSourceIndex(fset *token.FileSet, files []*ast.File) *SourceIndex {
	ix := &SourceIndex{fset: fset, calls: map[token.Pos]*CallSite{}, exprs: map[token.Pos]ast.Expr{}}
	for _, f := range files {
		var stack []ast.Node
		ast.Inspect(f, func(n ast.Node) bool {
			if n == nil {
				stack = stack[:len(stack)-1]
				return true
			}
			switch n := n.(type) {
			case *ast.BinaryExpr:
				ix.exprs[n.OpPos] = n
			case *ast.UnaryExpr:
				ix.exprs[n.OpPos] = n
			case *ast.CallExpr:
				ix.exprs[n.Lparen] = n
				cs := &CallSite{Call: n, Index: -1}
				if len(stack) > 0 {
					cs.Parent = stack[len(stack)-1]
				}
				if len(stack) > 1 {
					var list []ast.Stmt
					switch c := stack[len(stack)-2].(type) {
					case *ast.BlockStmt:
						list = c.List
					case *ast.CaseClause:
						list = c.Body
					case *ast.CommClause:
						list = c.Body
					}
					for i, s := range list {
						if s == cs.Parent {
							cs.List, cs.Index = list, i
						}
					}
				}
				ix.calls[n.Lparen] = cs
			}
			stack = append(stack, n)
			return true
		})
	}
	return ix
}

// Site returns the call site of an SSA call position.
func (ix *SourceIndex) Site(pos token.Pos) *CallSite { return ix.calls[pos] }

// Expr returns the expression an SSA value's position points at.
func (ix *SourceIndex) Expr(pos token.Pos) ast.Expr { return ix.exprs[pos] }

// LHSName returns the source text of the i-th left-hand side the call is
// assigned to, or "".
func (cs *CallSite) LHSName(i int) string {
	if cs == nil {
		return ""
	}
	switch p := cs.Parent.(type) {
	case *ast.AssignStmt:
		if len(p.Rhs) == 1 && i < len(p.Lhs) {
			if id, ok := p.Lhs[i].(*ast.Ident); ok && id.Name == "_" {
				return ""
			}
			return types.ExprString(p.Lhs[i])
		}
	case *ast.ValueSpec:
		if len(p.Values) == 1 && i < len(p.Names) && p.Names[i].Name != "_" {
			return p.Names[i].Name
		}
	}
	return ""
}

// Stmt returns the statement (or spec) holding the call, for positions.
func (cs *CallSite) Stmt() ast.Node {
	switch cs.Parent.(type) {
	case *ast.AssignStmt, *ast.ValueSpec, *ast.ExprStmt:
		return cs.Parent
	}
	return cs.Call
}

// CalleeName returns a short name for what a call invokes.
func CalleeName(c *ssa.CallCommon) string {
	if fn := Callee(c); fn != nil {
		return fn.Name()
	}
	if f := c.StaticCallee(); f != nil {
		return f.Name()
	}
	return "the call"
}

func noun(k Kind) string {
	switch k {
	case Rows:
		return "rows"
	case Stmt:
		return "statement"
	case Conn:
		return "connection"
	case Tx:
		return "transaction"
	case Response:
		return "response"
	case DB:
		return "database pool"
	}
	return "resource"
}

func consequence(src Source) string {
	switch src.Kind {
	case Rows:
		if src.InTx {
			return "the transaction's connection stays busy with the open result set"
		}
		return "the connection stays checked out of the pool"
	case Stmt:
		return "the prepared statement stays open on the database"
	case Conn:
		return "the connection is never returned to the pool"
	case Tx:
		return "the transaction keeps its connection and its locks until the database gives up on it"
	case Response:
		return "the connection cannot be reused and stays open"
	case DB:
		return "every call leaves a whole pool (connections and a goroutine) behind; open it once at startup and share it"
	}
	return "the resource leaks"
}

// subject is "rows is not closed", "tx is neither committed nor rolled
// back", "resp.Body is not closed".
func subject(k Kind, name string) string {
	switch k {
	case Tx:
		return name + " is neither committed nor rolled back"
	case Response:
		return name + ".Body is not closed"
	}
	return name + " is not closed"
}

func releaseStmt(k Kind, name string) string {
	switch k {
	case Tx:
		return name + ".Rollback()"
	case Response:
		return name + ".Body.Close()"
	}
	return name + ".Close()"
}

// ReportLeaks reports each leak as a diagnostic on the acquiring statement.
func ReportLeaks(pass *analysis.Pass, ix *SourceIndex, leaks []*Leak) {
	for _, l := range leaks {
		site := ix.Site(l.Call.Pos())
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
			where := describePath(ix, l)
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

func released(k Kind) string {
	switch k {
	case Tx:
		return "committed or rolled back"
	case Response:
		return "closed (its body stays open)"
	}
	return "closed"
}

func funcName(fn *ssa.Function) string {
	for fn.Parent() != nil {
		fn = fn.Parent()
	}
	return fn.Name()
}

func funcEnd(fn *ssa.Function) token.Pos {
	switch s := fn.Syntax().(type) {
	case *ast.FuncDecl:
		if s.Body != nil {
			return s.Body.Rbrace
		}
	case *ast.FuncLit:
		return s.Body.Rbrace
	}
	return token.NoPos
}

// describePath explains the last decision on the leaking path: "when Scan
// fails", "when resp.StatusCode != http.StatusOK", "inside the rows.Next
// loop", or "on this return".
func describePath(ix *SourceIndex, l *Leak) string {
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
			e = ix.Expr(c.Pos())
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
	if IsNilConst(x) {
		x = b.Y
	} else if !IsNilConst(b.Y) {
		return "", false
	}
	nonNil := (b.Op == token.NEQ) == (succ == 0)
	if !nonNil || !isError(x.Type()) {
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
	if fn := Callee(c); IsRowMethod(fn, "Scan") && len(c.Args) > 0 {
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

// deferFix inserts `defer <release>` right after the `if err != nil
// { return ... }` that follows the acquisition. It is offered only when
// that is certainly right: the resource never leaves the function, is not
// acquired in a loop, and the statement shapes are exactly as expected.
func deferFix(pass *analysis.Pass, site *CallSite, l *Leak) (analysis.SuggestedFix, bool) {
	var none analysis.SuggestedFix
	if !l.fixable || l.Src.ErrIndex < 0 || l.Src.Kind == DB { // a pool per call wants a redesign, not a defer
		return none, false
	}
	as, ok := site.Parent.(*ast.AssignStmt)
	if !ok || site.List == nil || site.Index+1 >= len(site.List) || len(as.Rhs) != 1 {
		return none, false
	}
	if l.Src.Index >= len(as.Lhs) || l.Src.ErrIndex >= len(as.Lhs) {
		return none, false
	}
	resID, ok1 := as.Lhs[l.Src.Index].(*ast.Ident)
	errID, ok2 := as.Lhs[l.Src.ErrIndex].(*ast.Ident)
	if !ok1 || !ok2 || resID.Name == "_" || errID.Name == "_" {
		return none, false
	}
	ifs, ok := site.List[site.Index+1].(*ast.IfStmt)
	if !ok || ifs.Init != nil || ifs.Else != nil || len(ifs.Body.List) == 0 {
		return none, false
	}
	cond, ok := ast.Unparen(ifs.Cond).(*ast.BinaryExpr)
	if !ok || cond.Op != token.NEQ {
		return none, false
	}
	x, ok1 := cond.X.(*ast.Ident)
	y, ok2 := cond.Y.(*ast.Ident)
	if !ok1 || !ok2 || x.Name != errID.Name || y.Name != "nil" {
		return none, false
	}
	if _, ok := ifs.Body.List[len(ifs.Body.List)-1].(*ast.ReturnStmt); !ok {
		return none, false
	}
	indent, ok := indentOf(pass, ifs.Pos())
	if !ok {
		return none, false
	}
	release := releaseStmt(l.Src.Kind, resID.Name)
	edits := []analysis.TextEdit{{Pos: ifs.End(), End: ifs.End(), NewText: []byte("\n" + indent + "defer " + release)}}
	message := "Add defer " + release + " after the error check"

	// A defer that comes too late (after an early return) moves up,
	// provided it is exactly the statement we would write.
	switch len(l.defers) {
	case 0:
	case 1:
		del, ok := lateDefer(pass, l.defers[0], release, ifs.End())
		if !ok {
			return none, false
		}
		edits = append(edits, del)
		message = "Move defer " + release + " up to the error check"
	default:
		return none, false
	}
	return analysis.SuggestedFix{Message: message, TextEdits: edits}, true
}

// lateDefer returns the edit deleting the line of `defer <release>` at the
// Defer instruction d, if that line holds exactly that statement and comes
// after pos.
func lateDefer(pass *analysis.Pass, d ssa.Instruction, release string, after token.Pos) (analysis.TextEdit, bool) {
	var none analysis.TextEdit
	pos := d.Pos()
	tf := pass.Fset.File(pos)
	if tf == nil || pass.ReadFile == nil || pos <= after {
		return none, false
	}
	content, err := pass.ReadFile(tf.Name())
	if err != nil {
		return none, false
	}
	line := tf.Line(pos)
	start := tf.Offset(tf.LineStart(line))
	end := len(content)
	if line < tf.LineCount() {
		end = tf.Offset(tf.LineStart(line + 1))
	}
	if end > len(content) || string(bytes.TrimSpace(content[start:end])) != "defer "+release {
		return none, false
	}
	return analysis.TextEdit{Pos: tf.LineStart(line), End: tf.Pos(end)}, true
}

// indentOf returns the leading whitespace of the line holding pos.
func indentOf(pass *analysis.Pass, pos token.Pos) (string, bool) {
	tf := pass.Fset.File(pos)
	if tf == nil || pass.ReadFile == nil {
		return "", false
	}
	content, err := pass.ReadFile(tf.Name())
	if err != nil {
		return "", false
	}
	off := tf.Offset(tf.LineStart(tf.Line(pos)))
	end := off
	for end < len(content) && (content[end] == '\t' || content[end] == ' ') {
		end++
	}
	if end > len(content) || !bytes.Equal(bytes.TrimSpace(content[off:end]), nil) {
		return "", false
	}
	return string(content[off:end]), true
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
	if IsNilConst(x) {
		x = b.Y
	} else if !IsNilConst(b.Y) {
		return false
	}
	isNil := (b.Op == token.EQL) == (succ == 0)
	return isNil && isError(x.Type())
}
