package nplusone

import (
	"go/token"
	"go/types"

	"golang.org/x/tools/go/ssa"

	"github.com/drillhq/drill/analyzers/internal/predicate"
)

// maxOriginDepth bounds how many SSA steps originOf follows back from the
// SQL text. Cycles are cut by a seen set; the bound keeps the walk short
// through long chains of concatenation and copies, which real statement
// building never needs more than a handful of. Text traced further is
// treated as fixed by the function.
const maxOriginDepth = 40

// origin says where a value comes from: which parameters, or a captured
// variable. A value with neither is fixed by the function itself.
type origin struct {
	params   map[int]bool
	captured bool
}

func originOf(fn *ssa.Function, v ssa.Value) origin {
	o := origin{params: map[int]bool{}}
	seen := map[ssa.Value]bool{}
	var walk func(v ssa.Value, depth int)
	storesInto := func(addr ssa.Value, depth int) {
		for _, r := range predicate.Referrers(addr) {
			switch r := r.(type) {
			case *ssa.Store:
				if r.Addr == addr {
					walk(r.Val, depth+1)
				}
			case *ssa.FieldAddr, *ssa.IndexAddr:
				for _, rr := range predicate.Referrers(r.(ssa.Value)) {
					if st, ok := rr.(*ssa.Store); ok && st.Addr == r.(ssa.Value) {
						walk(st.Val, depth+1)
					}
				}
			}
		}
	}
	// Follow only what can carry text: the length of a list or a LIMIT
	// number does not make the statement come from the caller.
	walk = func(v ssa.Value, depth int) {
		if v == nil || seen[v] || depth > maxOriginDepth {
			return
		}
		seen[v] = true
		switch v := v.(type) {
		case *ssa.Parameter:
			markParam(fn, v, o.params)
		case *ssa.FreeVar:
			o.captured = true
		case *ssa.Alloc:
			storesInto(v, depth)
		case *ssa.Field:
			walk(v.X, depth+1)
		case *ssa.FieldAddr:
			walk(v.X, depth+1)
		case *ssa.Index:
			walk(v.X, depth+1)
		case *ssa.IndexAddr:
			walk(v.X, depth+1)
		case *ssa.Lookup:
			walk(v.X, depth+1)
		case *ssa.Slice:
			walk(v.X, depth+1)
		case *ssa.UnOp:
			if v.Op == token.MUL {
				walk(v.X, depth+1)
			}
		case *ssa.Extract:
			walk(v.Tuple, depth+1)
		case *ssa.ChangeType:
			walk(v.X, depth+1)
		case *ssa.Convert:
			walk(v.X, depth+1)
		case *ssa.MakeInterface:
			if textLike(v.X.Type()) {
				walk(v.X, depth+1)
			}
		case *ssa.TypeAssert:
			walk(v.X, depth+1)
		case *ssa.Phi:
			for _, e := range v.Edges {
				walk(e, depth+1)
			}
		case *ssa.BinOp:
			if textLike(v.Type()) {
				walk(v.X, depth+1)
				walk(v.Y, depth+1)
			}
		case *ssa.Call:
			if _, ok := v.Call.Value.(*ssa.Builtin); ok && v.Call.Value.Name() != "append" {
				return
			}
			for _, a := range v.Call.Args {
				if textLike(a.Type()) {
					walk(a, depth+1)
				}
			}
			if v.Call.IsInvoke() && textLike(v.Call.Value.Type()) {
				walk(v.Call.Value, depth+1)
			}
		}
	}
	walk(v, 0)
	return o
}

// textLike reports whether a value of type t can carry SQL text.
func textLike(t types.Type) bool {
	switch u := t.Underlying().(type) {
	case *types.Basic:
		return predicate.HasBasicInfo(u, types.IsString)
	case *types.Interface:
		return true
	case *types.Slice:
		return textLike(u.Elem()) || predicate.IsBasicKind(u.Elem(), types.Byte)
	case *types.Array:
		return textLike(u.Elem())
	case *types.Pointer:
		return textLike(u.Elem())
	}
	return false
}
