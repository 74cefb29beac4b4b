package sqlinject

import (
	"go/ast"
	"go/token"
	"go/types"
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

// mutation is one place where (a part of) a variable may change.
type mutation struct {
	lhs ast.Expr // the assigned expression: v, v.Field, v[i]
	rhs ast.Expr // the single value assigned, or nil when unknown
	op  token.Token
}

// rootVar returns the variable at the bottom of v, v.f.g, v[i], *v.
func (c *checker) rootVar(e ast.Expr) *types.Var {
	for {
		switch x := ast.Unparen(e).(type) {
		case *ast.Ident:
			v, _ := c.pass.TypesInfo.ObjectOf(x).(*types.Var)
			return v
		case *ast.SelectorExpr:
			e = x.X
		case *ast.IndexExpr:
			e = x.X
		case *ast.StarExpr:
			e = x.X
		default:
			return nil
		}
	}
}

// collectMutation records assignments, increments, range variables, &v and
// calls of pointer methods on a variable: anything that may change it.
func (c *checker) collectMutation(n ast.Node) {
	add := func(lhs, rhs ast.Expr, op token.Token) {
		if v := c.rootVar(lhs); v != nil {
			c.mutations[v] = append(c.mutations[v], mutation{lhs: lhs, rhs: rhs, op: op})
		}
	}
	switch n := n.(type) {
	case *ast.AssignStmt:
		for i, l := range n.Lhs {
			if id, ok := l.(*ast.Ident); ok && n.Tok == token.DEFINE && c.pass.TypesInfo.Defs[id] != nil {
				continue // a new variable, not a change of an old one
			}
			var rhs ast.Expr
			if len(n.Lhs) == len(n.Rhs) {
				rhs = n.Rhs[i]
			}
			add(l, rhs, n.Tok)
		}
	case *ast.IncDecStmt:
		add(n.X, nil, n.Tok)
	case *ast.RangeStmt:
		if n.Tok == token.ASSIGN {
			for _, e := range []ast.Expr{n.Key, n.Value} {
				if e != nil {
					add(e, nil, token.ASSIGN)
				}
			}
		}
	case *ast.UnaryExpr:
		if n.Op == token.AND {
			add(n.X, nil, token.ASSIGN)
		}
	case *ast.CallExpr:
		sel, ok := ast.Unparen(n.Fun).(*ast.SelectorExpr)
		if !ok {
			return
		}
		s := c.pass.TypesInfo.Selections[sel]
		if s == nil || s.Kind() != types.MethodVal {
			return
		}
		if _, ptrRecv := s.Obj().Type().(*types.Signature).Recv().Type().(*types.Pointer); ptrRecv {
			if _, isPtr := s.Recv().(*types.Pointer); !isPtr {
				add(sel.X, nil, token.ASSIGN) // v.Normalize() takes &v
			}
		}
	}
}

// collectFacts walks every statement list of the file for allow-list checks.
func (c *checker) collectFacts(f *ast.File) {
	for _, d := range f.Decls {
		fd, ok := d.(*ast.FuncDecl)
		if !ok || fd.Body == nil {
			continue
		}
		fnEnd := fd.Body.End()
		ast.Inspect(fd.Body, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.BlockStmt:
				c.factsIn(n.List, fnEnd)
			case *ast.CaseClause:
				c.factsIn(n.Body, fnEnd)
			case *ast.CommClause:
				c.factsIn(n.Body, fnEnd)
			}
			return true
		})
	}
}

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

// covered reports whether e is protected, where it is used, by an allow-list
// check on the same expression.
func (c *checker) covered(e ast.Expr) bool {
	switch ast.Unparen(e).(type) {
	case *ast.Ident, *ast.SelectorExpr, *ast.CallExpr, *ast.IndexExpr, *ast.StarExpr:
	default:
		return false
	}
	for _, f := range c.facts {
		if !c.sameExpr(f.expr, e) {
			continue
		}
		for j := f.from; j < len(f.list); j++ {
			st := f.list[j]
			if e.Pos() < st.Pos() || e.Pos() >= st.End() {
				continue
			}
			end := st.End()
			// Inside a closure, the use may run after any later change.
			for _, lit := range c.funcLits {
				if lit.Pos() > f.start && lit.Pos() <= e.Pos() && e.Pos() < lit.End() {
					end = f.fnEnd
				}
			}
			if !c.mutatedIn(e, f.start, end, e) {
				return true
			}
		}
	}
	return false
}

// mutatedIn reports whether a part of e may receive a value of unknown
// origin between from and to. Assigning e itself something safe (col =
// "id", col += " DESC") keeps it safe and does not count.
func (c *checker) mutatedIn(e ast.Expr, from, to token.Pos, use ast.Expr) bool {
	for _, p := range c.paths(e) {
		v := c.rootVar(p)
		for i, m := range c.mutations[v] {
			if m.lhs.Pos() < from || m.lhs.Pos() >= to || !c.overlaps(m.lhs, p) {
				continue
			}
			if use != nil && m.rhs != nil && (m.op == token.ASSIGN || m.op == token.ADD_ASSIGN || m.op == token.DEFINE) &&
				c.sameExpr(m.lhs, e) {
				key := struct {
					v *types.Var
					i int
				}{v, i}
				if c.visit[key] {
					continue // col += ... judged by its other assignments
				}
				c.visit[key] = true
				safe := c.taint(m.rhs) == nil
				delete(c.visit, key)
				if safe {
					continue
				}
			}
			return true
		}
	}
	return false
}

// paths returns the variable-rooted selector chains in e (col, req.Sort,
// parts[0]) whose change would change e.
func (c *checker) paths(e ast.Expr) []ast.Expr {
	var out []ast.Expr
	ast.Inspect(e, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.Ident, *ast.SelectorExpr, *ast.IndexExpr, *ast.StarExpr:
			if v := c.rootVar(n.(ast.Expr)); v != nil {
				out = append(out, n.(ast.Expr))
				if ix, ok := n.(*ast.IndexExpr); ok {
					out = append(out, c.paths(ix.Index)...)
				}
				return false
			}
		}
		return true
	})
	return out
}

// overlaps reports whether assigning lhs may change path: one is a prefix
// of the other (req, req.Sort; parts, parts[0]).
func (c *checker) overlaps(lhs, path ast.Expr) bool {
	prefix := func(a, b ast.Expr) bool {
		for b != nil {
			if c.sameExpr(a, b) {
				return true
			}
			switch x := ast.Unparen(b).(type) {
			case *ast.SelectorExpr:
				b = x.X
			case *ast.IndexExpr:
				b = x.X
			case *ast.StarExpr:
				b = x.X
			default:
				b = nil
			}
		}
		return false
	}
	return prefix(lhs, path) || prefix(path, lhs)
}

// checkedAfter reports whether the assignment stmt of v is followed, in the
// same block and before any other mention of v, by an allow-list check on v
// that exits or falls back to a constant:
//
//	order = strings.TrimPrefix(s, "-")
//	switch order { case "name", "price_cents": default: return }
//
// Every path from the assignment then goes through the check, so the value
// it assigned can only reach a later use once it is known to be allowed.
func (c *checker) checkedAfter(v *types.Var, stmt ast.Stmt) bool {
	if stmt == nil {
		return false
	}
	for _, f := range c.facts {
		id, ok := f.expr.(*ast.Ident)
		if !ok || c.pass.TypesInfo.ObjectOf(id) != v {
			continue
		}
		g := f.from - 1 // the check, for facts on the statements after it
		for i := 0; i < g; i++ {
			if f.list[i] != stmt {
				continue
			}
			if !c.mentions(f.list[i+1:g], v) {
				return true
			}
		}
	}
	return false
}

// mentions reports whether stmts refer to v or may jump past what follows.
func (c *checker) mentions(stmts []ast.Stmt, v *types.Var) bool {
	found := false
	for _, st := range stmts {
		ast.Inspect(st, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.Ident:
				if c.pass.TypesInfo.ObjectOf(n) == v {
					found = true
				}
			case *ast.BranchStmt, *ast.LabeledStmt:
				found = true
			case *ast.FuncLit:
				return false
			}
			return !found
		})
	}
	return found
}
