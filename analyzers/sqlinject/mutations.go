package sqlinject

import (
	"go/ast"
	"go/token"
	"go/types"
)

// Where a variable, or a part of it (v.Field, v[i]), may change: what
// undoes an allow-list check between the check and the use.

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
