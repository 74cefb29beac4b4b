package resource

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"go/types"
	"testing"

	"golang.org/x/tools/go/ast/inspector"
)

const sitesSrc = `package p

func f() (int, error) { return 0, nil }
func g(int) bool     { return true }

func h(x, y int) {
	a, err := f()
	var b, _ = f()
	f()
	switch {
	case x > 0:
		_, _ = f()
	}
	if !g(a) && x == y {
		_ = err
	}
	_ = b
	go f()
}
`

func TestSiteAt(t *testing.T) {
	fset := token.NewFileSet()
	file, err := parser.ParseFile(fset, "p.go", sitesSrc, 0)
	if err != nil {
		t.Fatal(err)
	}
	insp := inspector.New([]*ast.File{file})
	type want struct {
		parent string // the parent node's type
		lhs0   string // LHSName(0)
		list   bool   // Parent sits in a statement list
		stmt   bool   // Stmt() is the parent, not the call
	}
	wants := map[int]want{ // by line of the call to f or g
		7:  {"*ast.AssignStmt", "a", true, true},
		8:  {"*ast.ValueSpec", "b", false, true},
		9:  {"*ast.ExprStmt", "", true, true},
		12: {"*ast.AssignStmt", "", true, true}, // in a case body; "_" has no name
		14: {"*ast.UnaryExpr", "", false, false},
		18: {"*ast.GoStmt", "", true, false},
	}
	seen := 0
	for n := range insp.Root().Preorder((*ast.CallExpr)(nil)) {
		call := n.Node().(*ast.CallExpr)
		line := fset.Position(call.Pos()).Line
		w, ok := wants[line]
		if !ok {
			t.Fatalf("unexpected call on line %d", line)
		}
		seen++
		cs := SiteAt(insp, call.Lparen)
		if cs == nil || cs.Call != call {
			t.Fatalf("line %d: SiteAt(Lparen) = %v, want the call", line, cs)
		}
		if got := nodeType(cs.Parent); got != w.parent {
			t.Errorf("line %d: parent %s, want %s", line, got, w.parent)
		}
		if got := cs.LHSName(0); got != w.lhs0 {
			t.Errorf("line %d: LHSName(0) = %q, want %q", line, got, w.lhs0)
		}
		if got := cs.List != nil && cs.List[cs.Index] == cs.Parent; got != w.list {
			t.Errorf("line %d: in a statement list = %v, want %v", line, got, w.list)
		}
		if got := cs.Stmt() == cs.Parent; got != w.stmt {
			t.Errorf("line %d: Stmt is the parent = %v, want %v", line, got, w.stmt)
		}
		// Look-alikes: the callee's name and the Rparen are no call site.
		if SiteAt(insp, call.Fun.Pos()) != nil || SiteAt(insp, call.Rparen) != nil {
			t.Errorf("line %d: a position other than Lparen found the call", line)
		}
	}
	if seen != len(wants) {
		t.Errorf("saw %d calls, want %d", seen, len(wants))
	}
	if SiteAt(insp, token.NoPos) != nil {
		t.Error("SiteAt(NoPos) found something")
	}
}

func TestExprAt(t *testing.T) {
	fset := token.NewFileSet()
	file, err := parser.ParseFile(fset, "p.go", sitesSrc, 0)
	if err != nil {
		t.Fatal(err)
	}
	insp := inspector.New([]*ast.File{file})
	want := map[string]bool{"x > 0": true, "!g(a)": true, "x == y": true, "!g(a) && x == y": true, "g(a)": true}
	for n := range insp.Root().Preorder((*ast.BinaryExpr)(nil), (*ast.UnaryExpr)(nil), (*ast.CallExpr)(nil)) {
		var pos token.Pos
		switch e := n.Node().(type) {
		case *ast.BinaryExpr:
			pos = e.OpPos
		case *ast.UnaryExpr:
			pos = e.OpPos
		case *ast.CallExpr:
			pos = e.Lparen
		}
		e := ExprAt(insp, pos)
		if e != n.Node() {
			t.Errorf("ExprAt(%s) = %v", types.ExprString(n.Node().(ast.Expr)), e)
		}
		delete(want, types.ExprString(n.Node().(ast.Expr)))
	}
	if len(want) > 0 {
		t.Errorf("not visited: %v", want)
	}
	// An identifier's position is no expression ExprAt knows.
	for n := range insp.Root().Preorder((*ast.Ident)(nil)) {
		if id := n.Node().(*ast.Ident); id.Name == "y" && ExprAt(insp, id.Pos()) != nil {
			t.Error("ExprAt(y) found an expression")
		}
	}
}

func nodeType(n ast.Node) string {
	if n == nil {
		return "nil"
	}
	return fmt.Sprintf("%T", n)
}
