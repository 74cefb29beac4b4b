package resource

import (
	"go/token"

	"golang.org/x/tools/go/ssa"

	"github.com/drillhq/drill/analyzers/internal/predicate"
)

// The error returned with a resource: where it is non-nil the acquisition
// failed and there is nothing to release.

// errCtx describes the error returned with a resource: when it is non-nil
// the acquisition failed and there is nothing to release.
type errCtx struct {
	ifs   map[*ssa.If]int    // If -> successor on which the error is non-nil
	errs  map[ssa.Value]bool // the error value and its phis
	cells map[ssa.Value]bool // local variables (captured by a closure) it is stored in
}

func newErrCtx(errv ssa.Value, ifs []*ssa.If) *errCtx {
	ec := &errCtx{errs: phiClosure(errv), ifs: map[*ssa.If]int{}, cells: map[ssa.Value]bool{}}
	for _, iff := range ifs {
		if s, ok := errorNonNilSucc(iff.Cond, ec.errs); ok {
			ec.ifs[iff] = s
		}
	}
	for e := range ec.errs {
		for _, r := range *e.Referrers() {
			if st, ok := r.(*ssa.Store); ok && st.Val == e {
				switch st.Addr.(type) {
				case *ssa.Alloc, *ssa.FreeVar:
					ec.cells[st.Addr] = true
				}
			}
		}
	}
	return ec
}

// failed returns the successor of iff on which the acquisition failed.
// loaded holds the values just loaded from an error cell on this path.
func (ec *errCtx) failed(iff *ssa.If, loaded map[ssa.Value]bool) (int, bool) {
	if ec == nil {
		return 0, false
	}
	if s, ok := ec.ifs[iff]; ok {
		return s, true
	}
	if len(loaded) > 0 {
		return errorNonNilSucc(iff.Cond, loaded)
	}
	return 0, false
}

// errorNonNilSucc returns the successor index of an If on which the error
// value err (or one of its phi aliases in errs) is known to be non-nil,
// and whether the condition is about err at all. Besides `err != nil`
// it understands errors.Is/As, `err == sentinel`, and `x, ok := err.(T)`.
func errorNonNilSucc(cond ssa.Value, errs map[ssa.Value]bool) (succ int, ok bool) {
	switch c := cond.(type) {
	case *ssa.UnOp:
		if c.Op == token.NOT {
			s, ok := errorNonNilSucc(c.X, errs)
			return 1 - s, ok
		}
	case *ssa.BinOp:
		var other ssa.Value
		switch {
		case errs[c.X]:
			other = c.Y
		case errs[c.Y]:
			other = c.X
		default:
			return 0, false
		}
		switch {
		case predicate.IsNilConst(other) && c.Op == token.NEQ:
			return 0, true
		case predicate.IsNilConst(other) && c.Op == token.EQL:
			return 1, true
		case c.Op == token.EQL: // err == sql.ErrNoRows
			return 0, true
		case c.Op == token.NEQ: // err != ErrSkipAltProtocol: false means it is the sentinel
			return 1, true
		}
	case *ssa.Call:
		fn := predicate.Callee(&c.Call)
		if predicate.IsFunctionNamed(fn, "errors", "Is", "As") && len(c.Call.Args) > 0 && errs[c.Call.Args[0]] {
			return 0, true
		}
	case *ssa.Extract:
		if ta, ok := c.Tuple.(*ssa.TypeAssert); ok && c.Index == 1 && errs[ta.X] {
			return 0, true
		}
	}
	return 0, false
}

// phiClosure returns v and every phi (or interface change) it flows into.
func phiClosure(v ssa.Value) map[ssa.Value]bool {
	set := map[ssa.Value]bool{v: true}
	work := []ssa.Value{v}
	for len(work) > 0 {
		x := work[len(work)-1]
		work = work[:len(work)-1]
		refs := x.Referrers()
		if refs == nil {
			continue
		}
		for _, r := range *refs {
			var nv ssa.Value
			switch r := r.(type) {
			case *ssa.Phi:
				nv = r
			case *ssa.ChangeInterface:
				nv = r
			}
			if nv != nil && !set[nv] {
				set[nv] = true
				work = append(work, nv)
			}
		}
	}
	return set
}
