package predicate

import (
	"go/token"
	"go/types"
	"strings"

	"golang.org/x/tools/go/ssa"
)

// Callee returns the function or interface method a call invokes, with its
// arguments laid out as in c.Args, or nil for calls of function values,
// closures and builtins. Instantiations of generic functions map to their
// origin, which is what facts are attached to. Bound method wrappers and
// thunks are nil too: their receiver lives in the closure, not in Args.
func Callee(c *ssa.CallCommon) *types.Func {
	if c.IsInvoke() {
		return c.Method
	}
	f := c.StaticCallee()
	if f == nil {
		return nil
	}
	if o := f.Origin(); o != nil {
		f = o
	}
	if f.Parent() != nil { // a closure: no object of its own
		return nil
	}
	if strings.HasPrefix(f.Synthetic, "bound method wrapper") || strings.HasPrefix(f.Synthetic, "thunk") {
		return nil
	}
	obj, _ := f.Object().(*types.Func)
	return obj
}

// FuncOf returns the source function an SSA function was built from (its
// generic origin for instantiations; the method itself for a bound method
// wrapper), or nil for closures and synthetic functions without one.
func FuncOf(fn *ssa.Function) *types.Func {
	if fn == nil {
		return nil
	}
	if fn.Origin() != nil {
		fn = fn.Origin()
	}
	f, _ := fn.Object().(*types.Func)
	return f
}

// BoundMethod returns the method behind a bound method value such as the
// closure built for `f := rows.Close`, or nil.
func BoundMethod(fn *ssa.Function) *types.Func {
	if !strings.HasPrefix(fn.Synthetic, "bound method wrapper") {
		return nil
	}
	obj, _ := fn.Object().(*types.Func)
	return obj
}

// Referrers returns v's referrers, or nil.
func Referrers(v ssa.Value) []ssa.Instruction {
	if r := v.Referrers(); r != nil {
		return *r
	}
	return nil
}

// IsNilConst reports whether v is the constant nil.
func IsNilConst(v ssa.Value) bool {
	c, ok := v.(*ssa.Const)
	return ok && c.IsNil()
}

// SameValue reports whether two SSA values denote the same variable for the
// purposes of "the same db" or "the same tx": the identical value, a load of
// the same field of the same base value (s.db and s.db), or a load of the
// same global or local variable.
func SameValue(a, b ssa.Value) bool {
	if a == b {
		return true
	}
	la, ok1 := a.(*ssa.UnOp)
	lb, ok2 := b.(*ssa.UnOp)
	if !ok1 || !ok2 || la.Op != token.MUL || lb.Op != token.MUL {
		return false
	}
	switch xa := la.X.(type) {
	case *ssa.Global:
		return xa == lb.X
	case *ssa.FieldAddr:
		xb, ok := lb.X.(*ssa.FieldAddr)
		return ok && xa.Field == xb.Field && SameValue(xa.X, xb.X)
	case *ssa.Alloc, *ssa.FreeVar:
		return la.X == lb.X
	}
	return false
}

// FieldName is the name of the struct field a *ssa.FieldAddr or *ssa.Field
// selects, or "" for any other value.
func FieldName(v ssa.Value) string {
	var x ssa.Value
	var i int
	switch v := v.(type) {
	case *ssa.FieldAddr:
		x, i = v.X, v.Field
	case *ssa.Field:
		x, i = v.X, v.Field
	default:
		return ""
	}
	if s, ok := Unpointer(x.Type().Underlying()).Underlying().(*types.Struct); ok && i < s.NumFields() {
		return s.Field(i).Name()
	}
	return ""
}
