package sqlinject

import (
	"go/ast"
	"go/token"
	"go/types"

	"github.com/drillhq/drill/analyzers/internal/predicate"
)

// taint returns nil when e is built only from constants, numbers and
// allow-list lookups, else the first piece that is not.
func (c *checker) taint(e ast.Expr) *finding {
	info := c.pass.TypesInfo
	if tv, ok := info.Types[e]; ok {
		if tv.Value != nil {
			return nil
		}
		if isScalar(tv.Type) {
			return nil
		}
	}
	if c.covered(e) {
		return nil
	}
	switch e := e.(type) {
	case *ast.ParenExpr:
		return c.taint(e.X)
	case *ast.BasicLit:
		return nil
	case *ast.BinaryExpr:
		if e.Op != token.ADD {
			return nil // comparisons and arithmetic yield scalars
		}
		return built(c.first(e.X, e.Y), "+")
	case *ast.Ident:
		v, ok := info.ObjectOf(e).(*types.Var)
		if !ok {
			return nil // nil, constants, functions
		}
		return c.varTaint(v, e)
	case *ast.IndexExpr:
		if tv, ok := info.Types[e.X]; ok && predicate.HasBasicInfo(tv.Type, types.IsString) {
			return nil // a byte of a string is a number
		}
		return c.containerTaint(e.X)
	case *ast.SliceExpr:
		return c.taint(e.X)
	case *ast.CallExpr:
		return c.callTaint(e)
	case *ast.SelectorExpr:
		if c.receiverField(e) {
			return nil
		}
		if f := c.fieldOf(e); f != nil {
			if c.ownField(f) {
				return c.fieldTaint(f, e, false)
			}
			return c.valueFieldTaint(e, f)
		}
	case *ast.UnaryExpr:
		if lit, ok := ast.Unparen(e.X).(*ast.CompositeLit); ok && e.Op == token.AND {
			return c.taint(lit) // &T{...}: as safe as its fields
		}
	case *ast.CompositeLit:
		// A struct or slice literal (Statement{SQL: "a = ?"}) is as safe
		// as what it is built from.
		for _, el := range e.Elts {
			if kv, ok := el.(*ast.KeyValueExpr); ok {
				el = kv.Value
			}
			if fd := c.taint(el); fd != nil {
				return fd
			}
		}
		return nil
	}
	return &finding{leaf: e}
}

// isScalar reports whether t is a number or a boolean: a value that prints
// as digits or true/false and so cannot carry SQL syntax. (predicate's
// HasBasicInfo asks for all of a set of properties; this is any of them.)
func isScalar(t types.Type) bool {
	if t == nil {
		return false
	}
	b, ok := t.Underlying().(*types.Basic)
	return ok && b.Info()&(types.IsNumeric|types.IsBoolean) != 0
}

// first returns the taint of the first non-constant expression.
func (c *checker) first(es ...ast.Expr) *finding {
	for _, e := range es {
		if fd := c.taint(e); fd != nil {
			return fd
		}
	}
	return nil
}

// built marks a finding as having gone through string building.
func built(fd *finding, how string) *finding {
	if fd == nil {
		return nil
	}
	if fd.how == "" {
		return &finding{leaf: fd.leaf, how: how}
	}
	return fd
}

// varTaint judges a variable by every value assigned to it: a parameter,
// or a variable assigned something unknown, is not constant.
func (c *checker) varTaint(v *types.Var, use ast.Expr) *finding {
	if _, isParam := c.params[v]; isParam {
		return c.paramTaint(v, use, c.taint)
	}
	as, ok := c.assigns[v]
	if !ok {
		return &finding{leaf: use}
	}
	if c.visit[v] {
		return nil // a cycle (q += ...): judged by its other assignments
	}
	c.visit[v] = true
	defer delete(c.visit, v)
	for _, a := range as {
		var fd *finding
		switch {
		case a.zero:
		case a.elemOf != nil:
			fd = c.containerTaint(a.elemOf)
		case a.rhs == nil:
			fd = &finding{leaf: use}
		case c.checkedAfter(v, a.stmt):
		case a.tuple:
			fd = c.resultTaint(a.rhs.(*ast.CallExpr), a.result)
		default:
			fd = c.taint(a.rhs)
		}
		if fd != nil {
			if a.op == token.ADD_ASSIGN {
				fd = built(fd, "+=")
			}
			return fd
		}
	}
	return nil
}
