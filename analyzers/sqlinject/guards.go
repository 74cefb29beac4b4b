package sqlinject

import (
	"go/ast"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/ast/edge"
)

// A fact says that expr holds a value from an allow-list in the statements
// list[from:], as long as nothing assigns it a value of unknown origin on
// the way. Facts come from the checks that guard a use:
//
//	if !allowed[e] { return }          // the statements after the if
//	if _, ok := allowed[e]; !ok { ... return }
//	if !safeName.MatchString(e) { return } // an anchored regexp
//	switch e { case "a", "b": ...use... } // the case bodies
//	switch e { case "a", "b": default: return } // the statements after
//	if allowed[e] { ...use... }        // the body
//	if !allowed[e] { e = "id" }        // a constant fallback
//
// A check is tied to the statements it dominates: a check after the use, in
// another function, on another expression, or whose body does not stop
// protects nothing.
type fact struct {
	expr  ast.Expr
	list  []ast.Stmt
	from  int
	start token.Pos // mutations from here on may undo the check
	fnEnd token.Pos // end of the enclosing function (for closures)
}

// stmtLists are the nodes that hold a statement list a check can guard.
var stmtLists = []ast.Node{(*ast.BlockStmt)(nil), (*ast.CaseClause)(nil), (*ast.CommClause)(nil)}

// collectFacts walks every statement list of every function declaration
// for allow-list checks, in source order: a check's own allow-list is
// judged with the facts found before it.
func (c *checker) collectFacts() {
	for decl := range c.root.Preorder((*ast.FuncDecl)(nil)) {
		if decl.Node().(*ast.FuncDecl).Body == nil {
			continue
		}
		body := decl.ChildAt(edge.FuncDecl_Body, -1)
		fnEnd := body.Node().End()
		for cur := range body.Preorder(stmtLists...) {
			switch n := cur.Node().(type) {
			case *ast.BlockStmt:
				c.factsIn(n.List, fnEnd)
			case *ast.CaseClause:
				c.factsIn(n.Body, fnEnd)
			case *ast.CommClause:
				c.factsIn(n.Body, fnEnd)
			}
		}
	}
}

// factsIn records the checks among list's statements and what each one
// protects.
func (c *checker) factsIn(list []ast.Stmt, fnEnd token.Pos) {
	add := func(e ast.Expr, l []ast.Stmt, from int, start token.Pos) {
		c.facts = append(c.facts, &fact{expr: ast.Unparen(e), list: l, from: from, start: start, fnEnd: fnEnd})
	}
	for i, st := range list {
		switch s := st.(type) {
		case *ast.IfStmt:
			// With ok := allowed[col] before the if, the check really
			// happened there: a change of col in between undoes it.
			ev := c.evidence(s.Cond)
			from := func(p token.Pos) token.Pos {
				if ev.IsValid() && ev < p {
					return ev
				}
				return p
			}
			for _, e := range c.notMember(s.Cond) {
				if exits(s.Body.List) || c.rescues(s.Body.List, e) {
					add(e, list, i+1, from(s.End()))
				}
				if els, ok := s.Else.(*ast.BlockStmt); ok {
					add(e, els.List, 0, from(els.Pos()))
				}
			}
			for _, e := range c.member(s.Cond) {
				add(e, s.Body.List, 0, from(s.Body.Pos()))
			}
		case *ast.SwitchStmt:
			if s.Tag == nil {
				continue
			}
			var def *ast.CaseClause
			constant := true
			for _, cl := range s.Body.List {
				cc := cl.(*ast.CaseClause)
				if cc.List == nil {
					def = cc
				}
				for _, e := range cc.List {
					if tv, ok := c.pass.TypesInfo.Types[e]; !ok || tv.Value == nil {
						constant = false
					}
				}
			}
			if !constant {
				continue
			}
			undone := false
			for _, cl := range s.Body.List {
				cc := cl.(*ast.CaseClause)
				if cc == def {
					continue
				}
				add(s.Tag, cc.Body, 0, cc.Colon)
				// A case that changes the tag breaks what the
				// statements after the switch may assume.
				if c.mutatedIn(s.Tag, cc.Pos(), cc.End(), nil) {
					undone = true
				}
			}
			if def != nil && !undone && (exits(def.Body) || c.rescues(def.Body, s.Tag)) {
				add(s.Tag, list, i+1, s.End())
			}
		}
	}
}

// evidence returns where the earliest lookup behind an ok variable of cond
// was made (_, ok := allowed[col]; valid := re.MatchString(s)), or NoPos.
func (c *checker) evidence(cond ast.Expr) token.Pos {
	pos := token.NoPos
	ast.Inspect(cond, func(n ast.Node) bool {
		id, ok := n.(*ast.Ident)
		if !ok {
			return true
		}
		v, ok := c.pass.TypesInfo.ObjectOf(id).(*types.Var)
		if !ok {
			return true
		}
		p := token.NoPos
		if ix := c.commaOK[v]; ix != nil {
			p = ix.Pos()
		} else if as := c.assigns[v]; len(as) == 1 && as[0].rhs != nil {
			p = as[0].rhs.Pos()
		}
		if p.IsValid() && p < id.Pos() && (!pos.IsValid() || p < pos) {
			pos = p
		}
		return true
	})
	return pos
}

// rescues reports whether a block ends by assigning e a safe value, as in
// if !allowed[col] { col = "id" }.
func (c *checker) rescues(body []ast.Stmt, e ast.Expr) bool {
	if len(body) == 0 {
		return false
	}
	as, ok := body[len(body)-1].(*ast.AssignStmt)
	return ok && as.Tok == token.ASSIGN && len(as.Lhs) == 1 && len(as.Rhs) == 1 &&
		c.sameExpr(as.Lhs[0], e) && c.taint(as.Rhs[0]) == nil
}

// exits reports whether a block ends by leaving the function or the loop
// iteration.
func exits(body []ast.Stmt) bool {
	if len(body) == 0 {
		return false
	}
	switch s := body[len(body)-1].(type) {
	case *ast.ReturnStmt:
		return true
	case *ast.BranchStmt:
		return s.Tok == token.CONTINUE || s.Tok == token.BREAK || s.Tok == token.GOTO
	case *ast.ExprStmt:
		if call, ok := s.X.(*ast.CallExpr); ok {
			switch fun := ast.Unparen(call.Fun).(type) {
			case *ast.Ident:
				return fun.Name == "panic"
			case *ast.SelectorExpr:
				if pkg, ok := fun.X.(*ast.Ident); ok {
					switch pkg.Name + "." + fun.Sel.Name {
					case "os.Exit", "log.Fatal", "log.Fatalf", "log.Fatalln", "log.Panic", "log.Panicf":
						return true
					}
				}
			}
		}
	}
	return false
}
