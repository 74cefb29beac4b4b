package sharedwrite

import (
	"go/token"
	"strings"

	"golang.org/x/tools/go/ssa"

	"github.com/drillhq/drill/analyzers/internal/flow"
	"github.com/drillhq/drill/analyzers/internal/predicate"
)

// Which writes are read-modify-write updates: a store of a value computed
// from the same address (n++, s = append(s, v)) or an atomic Store of an
// atomic Load of it (n.Store(n.Load()+1)). Only those lose updates when two
// goroutines interleave.

// maxOperandDepth bounds how far back computedFrom looks: an update derives
// the stored value from the loaded one within a few instructions (n+1,
// append(s, v), n.Load()+1); a longer chain is some other computation.
const maxOperandDepth = 6

// isRMW reports whether a store writes back a value computed from what was
// loaded from the same address (n++, n += x, s = append(s, v)).
func isRMW(st *ssa.Store) bool {
	key := flow.Key(st.Addr)
	return computedFrom(st.Val, func(v ssa.Value, _ int) bool {
		u, ok := v.(*ssa.UnOp)
		return ok && u.Op == token.MUL && flow.Key(u.X) == key
	})
}

// computedFrom reports whether v, or a value it is computed from (a few
// instructions deep), satisfies is; depth is 0 for v itself.
func computedFrom(v ssa.Value, is func(v ssa.Value, depth int) bool) bool {
	seen := map[ssa.Value]bool{}
	var find func(v ssa.Value, depth int) bool
	find = func(v ssa.Value, depth int) bool {
		if v == nil || depth > maxOperandDepth || seen[v] {
			return false
		}
		seen[v] = true
		if is(v, depth) {
			return true
		}
		instr, ok := v.(ssa.Instruction)
		if !ok {
			return false
		}
		for _, op := range instr.Operands(nil) {
			if *op != nil && find(*op, depth+1) {
				return true
			}
		}
		return false
	}
	return find(v, 0)
}

// atomicFunc returns the name of the sync/atomic function or method call
// calls, or "".
func atomicFunc(call *ssa.Call) string {
	obj := predicate.FuncOf(call.Call.StaticCallee())
	if obj == nil || obj.Pkg() == nil || obj.Pkg().Path() != "sync/atomic" {
		return ""
	}
	return obj.Name()
}

// atomicStoreOfLoad returns the address an atomic Store writes when the
// stored value is computed from an atomic Load of the same address
// (n.Store(n.Load()+1)): each access is atomic, the increment is not.
func atomicStoreOfLoad(call *ssa.Call) ssa.Value {
	if !strings.HasPrefix(atomicFunc(call), "Store") || len(call.Call.Args) != 2 {
		return nil
	}
	addr := call.Call.Args[0]
	key := flow.Key(addr)
	loaded := computedFrom(call.Call.Args[1], func(v ssa.Value, depth int) bool {
		c, ok := v.(*ssa.Call)
		return ok && depth > 0 && strings.HasPrefix(atomicFunc(c), "Load") &&
			len(c.Call.Args) == 1 && flow.Key(c.Call.Args[0]) == key
	})
	if loaded {
		return addr
	}
	return nil
}

func isAppend(v ssa.Value) bool {
	call, ok := v.(*ssa.Call)
	if !ok {
		return false
	}
	b, ok := call.Call.Value.(*ssa.Builtin)
	return ok && b.Name() == "append"
}
