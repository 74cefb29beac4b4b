package sqlinject

import (
	"go/ast"
	"go/token"
	"go/types"

	"github.com/drillhq/drill/analyzers/internal/predicate"
)

// Struct fields as query builders keep them: a field that every write in
// the package fills from constants (conditions = append(conditions,
// "e.id = $"+strconv.Itoa(n))) holds only SQL the program wrote, whichever
// value of the type is read. Only fields no other package can write are
// judged this way: unexported fields of the package's own types. (An
// exported field can be set by other packages, and by decoders such as
// encoding/json that fill a request's fields through reflection.)

// fieldWrite is one write to a struct field somewhere in the package.
type fieldWrite struct {
	rhs  ast.Expr // the value written, or nil when unknown
	elem bool     // x.f[k] = rhs: an element, not the whole field
}

// fieldOf returns the struct field e (x.f) selects, or nil.
func (c *checker) fieldOf(e ast.Expr) *types.Var {
	sel, ok := ast.Unparen(e).(*ast.SelectorExpr)
	if !ok {
		return nil
	}
	if s := c.pass.TypesInfo.Selections[sel]; s != nil && s.Kind() == types.FieldVal {
		if v, ok := s.Obj().(*types.Var); ok {
			return v.Origin() // one field for every instance of a generic type
		}
	}
	return nil
}

// collectFieldWrite records the field writes in n: assignments to x.f and
// x.f[k], composite literals of struct types, &x.f (written through).
func (c *checker) collectFieldWrite(n ast.Node) {
	add := func(f *types.Var, w fieldWrite) {
		f = f.Origin()
		c.fieldWrites[f] = append(c.fieldWrites[f], w)
	}
	switch n := n.(type) {
	case *ast.AssignStmt:
		for i, l := range n.Lhs {
			var rhs ast.Expr
			if len(n.Lhs) == len(n.Rhs) {
				rhs = n.Rhs[i]
			}
			if f := c.fieldOf(l); f != nil {
				add(f, fieldWrite{rhs: rhs})
			} else if ix, ok := ast.Unparen(l).(*ast.IndexExpr); ok {
				if f := c.fieldOf(ix.X); f != nil {
					add(f, fieldWrite{rhs: rhs, elem: true})
				}
			}
		}
	case *ast.RangeStmt:
		for _, e := range []ast.Expr{n.Key, n.Value} {
			if f := c.fieldOf(e); f != nil {
				add(f, fieldWrite{})
			}
		}
	case *ast.UnaryExpr:
		if n.Op == token.AND {
			if f := c.fieldOf(n.X); f != nil {
				add(f, fieldWrite{})
			}
		}
	case *ast.CompositeLit:
		st, ok := c.pass.TypesInfo.TypeOf(n).Underlying().(*types.Struct)
		if !ok {
			return
		}
		for i, el := range n.Elts {
			if kv, ok := el.(*ast.KeyValueExpr); ok {
				if id, ok := kv.Key.(*ast.Ident); ok {
					if f, ok := c.pass.TypesInfo.ObjectOf(id).(*types.Var); ok {
						add(f, fieldWrite{rhs: kv.Value})
					}
				}
			} else if i < st.NumFields() {
				add(st.Field(i), fieldWrite{rhs: el})
			}
		}
	}
}

// ownField reports whether every write to f is in this package's source:
// an unexported field of a type declared here.
func (c *checker) ownField(f *types.Var) bool {
	return f.Pkg() == c.pass.Pkg && !f.Exported()
}

// fieldTaint judges a field read (use) by every write to the field in the
// package: with elems, the elements of a slice or map field; otherwise the
// field's own value. A field never written holds its zero value.
func (c *checker) fieldTaint(f *types.Var, use ast.Expr, elems bool) *finding {
	if !c.ownField(f) {
		return &finding{leaf: use}
	}
	if c.visit[f] {
		return nil // f = append(f, ...): judged by the other writes
	}
	c.visit[f] = true
	defer delete(c.visit, f)
	for _, w := range c.fieldWrites[f] {
		var fd *finding
		switch {
		case w.rhs == nil:
			fd = &finding{leaf: use}
		case w.elem && elems:
			fd = c.taint(w.rhs)
		case w.elem:
			continue // an element write cannot change a string field
		case elems:
			fd = c.containerTaint(w.rhs)
		default:
			fd = c.taint(w.rhs)
		}
		if fd != nil {
			return fd // the piece inside the write says more than the field
		}
	}
	return nil
}

// receiverField reports whether e reads a field of the method's own
// receiver, directly or through nested fields (s.table, s.cfg.Schema): set
// when the value is constructed, configuration such as a table name the
// program chose, which placeholders cannot bind anyway. Fields of
// parameters and other values (req.Sort) are judged by where that value
// comes from.
func (c *checker) receiverField(e *ast.SelectorExpr) bool {
	x := ast.Expr(e)
	for {
		sel, ok := ast.Unparen(x).(*ast.SelectorExpr)
		if !ok {
			break
		}
		if s := c.pass.TypesInfo.Selections[sel]; s == nil || s.Kind() != types.FieldVal {
			return false
		}
		x = sel.X
	}
	v, ok := c.pass.TypesInfo.ObjectOf(predicate.Ident(x)).(*types.Var)
	return ok && c.receivers[v]
}

// varField is one field of one variable, as valueFieldTaint follows it.
type varField struct{ v, f *types.Var }

// valueFieldTaint judges a field that other code may also write (an
// exported one, or another package's) by the variable it is read from: as
// safe as that struct value (a literal of constants, or what a trusted
// builder returned) and every write to that field of the variable since.
// A field of a parameter, of something decoded into (&req handed to a
// decoder), or of a longer expression is not constant.
func (c *checker) valueFieldTaint(sel *ast.SelectorExpr, f *types.Var) *finding {
	id, ok := ast.Unparen(sel.X).(*ast.Ident)
	if !ok {
		return &finding{leaf: sel}
	}
	v, ok := c.pass.TypesInfo.ObjectOf(id).(*types.Var)
	if !ok || c.varTaint(v, id) != nil {
		return &finding{leaf: sel}
	}
	key := varField{v, f}
	if c.visit[key] {
		return nil // st.SQL = st.SQL + ...: judged by the other writes
	}
	c.visit[key] = true
	defer delete(c.visit, key)
	for _, m := range c.mutations[v] {
		if c.fieldOf(m.lhs) != f {
			continue
		}
		if m.rhs == nil {
			return &finding{leaf: sel}
		}
		if fd := c.taint(m.rhs); fd != nil {
			return fd
		}
	}
	return nil
}
