package resource

import (
	"bytes"
	"go/ast"
	"go/token"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ssa"
)

// The suggested fix for a leak: `defer <release>` right after the error
// check of the acquisition.

// releaseStmt is the statement that releases the resource named name.
func releaseStmt(k Kind, name string) string {
	switch k {
	case Tx:
		return name + ".Rollback()"
	case Response:
		return name + ".Body.Close()"
	}
	return name + ".Close()"
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
