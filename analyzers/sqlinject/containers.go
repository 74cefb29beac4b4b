package sqlinject

import (
	"go/ast"
	"go/types"

	"github.com/drillhq/drill/analyzers/internal/predicate"
)

// The elements and keys of maps, slices and arrays: an allow-list is a
// container whose every element (or key) is a constant.

// containerTaint judges the elements of a map, slice or array expression.
func (c *checker) containerTaint(e ast.Expr) *finding { return c.elemTaint(e, false) }

// keyTaint judges the keys of a map expression: what a membership check
// (allowed[k], _, ok := allowed[k]) compares against.
func (c *checker) keyTaint(e ast.Expr) *finding { return c.elemTaint(e, true) }

// elemTaint judges the elements (or, with keys, the keys) of a container
// by its literal, every value assigned to it, every element written into
// it and every append to it.
func (c *checker) elemTaint(e ast.Expr, keys bool) *finding {
	switch e := ast.Unparen(e).(type) {
	case *ast.CompositeLit:
		for _, el := range e.Elts {
			if kv, ok := el.(*ast.KeyValueExpr); ok {
				el = kv.Value
				if keys {
					el = kv.Key
				}
			}
			if fd := c.taint(el); fd != nil {
				return fd
			}
		}
		return nil
	case *ast.Ident:
		return c.varElemTaint(e, keys)
	case *ast.CallExpr:
		switch {
		case predicate.IsBuiltin(c.pass.TypesInfo, e, "make"):
			return nil
		case predicate.IsFunctionNamed(predicate.CalleeFunc(c.pass.TypesInfo, e), "strings", "Split", "SplitN", "Fields", "SplitAfter") && !keys:
			return c.first(e.Args...) // pieces of the string split
		case predicate.IsBuiltin(c.pass.TypesInfo, e, "append"):
			if len(e.Args) == 0 {
				return nil
			}
			if fd := c.elemTaint(e.Args[0], keys); fd != nil {
				return fd
			}
			if e.Ellipsis.IsValid() {
				return c.elemTaint(e.Args[len(e.Args)-1], keys)
			}
			return built(c.first(e.Args[1:]...), "append")
		}
		return &finding{leaf: e}
	case *ast.SliceExpr:
		return c.elemTaint(e.X, keys)
	case *ast.SelectorExpr:
		if f := c.fieldOf(e); f != nil && !keys {
			return c.fieldTaint(f, e, true)
		}
	}
	if tv, ok := c.pass.TypesInfo.Types[e]; ok && tv.IsNil() {
		return nil
	}
	return &finding{leaf: e}
}

// varElemTaint is elemTaint for a container variable.
func (c *checker) varElemTaint(e *ast.Ident, keys bool) *finding {
	v, ok := c.pass.TypesInfo.ObjectOf(e).(*types.Var)
	if !ok {
		return nil
	}
	if _, isParam := c.params[v]; isParam {
		if keys {
			return c.paramTaint(v, e, c.keyTaint)
		}
		return c.paramTaint(v, e, c.containerTaint)
	}
	as, ok := c.assigns[v]
	if !ok {
		return &finding{leaf: e}
	}
	if c.visit[v] {
		return nil
	}
	c.visit[v] = true
	defer delete(c.visit, v)
	for _, a := range as {
		var fd *finding
		switch {
		case a.zero:
		case a.rhs == nil || a.elemOf != nil || a.tuple:
			fd = &finding{leaf: e}
		default:
			fd = c.elemTaint(a.rhs, keys)
		}
		if fd != nil {
			return fd
		}
	}
	written := c.elems[v]
	if keys {
		written = c.elemKeys[v]
	}
	for _, w := range written {
		if fd := c.taint(w); fd != nil {
			return fd
		}
	}
	return nil
}
