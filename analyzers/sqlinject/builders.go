package sqlinject

import (
	"go/ast"
	"go/token"
	"go/types"

	"github.com/drillhq/drill/analyzers/internal/predicate"
)

// Queries assembled in a strings.Builder or bytes.Buffer: what is written
// into one, and whether its String() is built from constants.

// isBuilder reports whether t is a strings.Builder or bytes.Buffer, or a
// pointer to one.
func isBuilder(t types.Type) bool {
	t = predicate.Unpointer(t)
	return predicate.IsTypeNamed(t, "strings", "Builder") || predicate.IsTypeNamed(t, "bytes", "Buffer")
}

// isBuilderString reports whether fn is the String method of a builder.
func isBuilderString(fn *types.Func) bool {
	return predicate.IsMethodNamed(fn, "strings", "Builder", "String") ||
		predicate.IsMethodNamed(fn, "bytes", "Buffer", "String")
}

// collectBuilderWrite records b.WriteString(x), fmt.Fprintf(&b, ...) and any
// other use of a strings.Builder or bytes.Buffer variable.
func (c *checker) collectBuilderWrite(call *ast.CallExpr) {
	if sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr); ok {
		if v := c.varOf(sel.X); v != nil && isBuilder(v.Type()) {
			switch sel.Sel.Name {
			case "WriteString", "Write":
				c.writes[v] = append(c.writes[v], call.Args...)
			case "WriteByte", "WriteRune", "String", "Len", "Reset", "Grow", "Cap":
				// A byte or rune is one character, not SQL text; the
				// rest read or size the builder.
			default:
				c.writes[v] = append(c.writes[v], nil)
			}
			return
		}
	}
	fn := predicate.CalleeFunc(c.pass.TypesInfo, call)
	for i, a := range call.Args {
		u, ok := ast.Unparen(a).(*ast.UnaryExpr)
		if !ok || u.Op != token.AND {
			continue
		}
		v := c.varOf(u.X)
		if v == nil || !isBuilder(v.Type()) {
			continue
		}
		if i == 0 && predicate.IsFunctionNamed(fn, "fmt", "Fprintf", "Fprint", "Fprintln") {
			c.writes[v] = append(c.writes[v], call.Args[1:]...)
			continue
		}
		c.writes[v] = append(c.writes[v], nil)
	}
}

// builderTaint judges v.String() by everything written into v.
func (c *checker) builderTaint(v *types.Var, call *ast.CallExpr) *finding {
	if _, isParam := c.params[v]; isParam {
		return &finding{leaf: call}
	}
	for _, w := range c.writes[v] {
		if w == nil {
			return &finding{leaf: call}
		}
		if fd := c.taint(w); fd != nil {
			return built(fd, "a "+types.TypeString(predicate.Unpointer(v.Type()), nil))
		}
	}
	return nil
}
