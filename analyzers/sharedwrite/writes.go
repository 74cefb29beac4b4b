package sharedwrite

import (
	"go/token"

	"golang.org/x/tools/go/ssa"

	"github.com/drillhq/drill/analyzers/internal/predicate"
)

// Which instructions write shared memory, what kind of write each is, and
// which variable it hangs off.

type writeKind int

const (
	writeMap       writeKind = iota // m[k] = v, delete(m, k)
	writeAppend                     // s = append(s, v)
	writeUpdate                     // n++, n += x
	writeAtomicRMW                  // n.Store(n.Load() + 1), atomic.StoreInt64(&n, atomic.LoadInt64(&n)+1)
	writePlain                      // x = v
)

// A write is an assignment to shared memory found in a concurrent function.
type write struct {
	instr ssa.Instruction
	pos   token.Pos
	kind  writeKind
	name  string    // variable or field written
	root  ssa.Value // FreeVar, Global or Parameter the address hangs off
	addr  ssa.Value // the address or map written, which rootOf followed to root
}

// maxRootDepth bounds the field selections and loads rootOf follows back
// from an address: real access paths (s.stats.byPath) are a few steps
// long, and the bound keeps the work per write constant.
const maxRootDepth = 16

// rootOf follows an address or map value back through field selections and
// pointer loads to the variable it hangs off. Element writes (s[i] = v) are
// not followed: distinct indices of a pre-sized slice do not race.
func rootOf(v ssa.Value) (root ssa.Value, name string) {
	for range maxRootDepth {
		switch x := v.(type) {
		case *ssa.FieldAddr:
			if name == "" {
				name = predicate.FieldName(x)
			}
			v = x.X
		case *ssa.Field:
			if name == "" {
				name = predicate.FieldName(x)
			}
			v = x.X
		case *ssa.UnOp:
			if x.Op != token.MUL {
				return nil, ""
			}
			v = x.X
		case *ssa.ChangeType:
			v = x.X
		case *ssa.FreeVar:
			if name == "" {
				name = x.Name()
			}
			return x, name
		case *ssa.Global:
			if name == "" {
				name = x.Name()
			}
			return x, name
		case *ssa.Parameter:
			if name == "" {
				name = x.Name()
			}
			return x, name
		default:
			return nil, ""
		}
	}
	return nil, ""
}

// writesIn lists the writes in fn whose root satisfies shared.
func writesIn(fn *ssa.Function, shared func(ssa.Value) bool) []write {
	var out []write
	for _, b := range fn.Blocks {
		for _, instr := range b.Instrs {
			switch i := instr.(type) {
			case *ssa.Store:
				root, name := rootOf(i.Addr)
				if root == nil || !shared(root) {
					continue
				}
				kind := writePlain
				if isRMW(i) {
					kind = writeUpdate
					if isAppend(i.Val) {
						kind = writeAppend
					}
				}
				out = append(out, write{instr: i, pos: i.Pos(), kind: kind, name: name, root: root, addr: i.Addr})
			case *ssa.MapUpdate:
				root, name := rootOf(i.Map)
				if root == nil || !shared(root) {
					continue
				}
				out = append(out, write{instr: i, pos: i.Pos(), kind: writeMap, name: name, root: root, addr: i.Map})
			case *ssa.Call:
				if addr := atomicStoreOfLoad(i); addr != nil {
					root, name := rootOf(addr)
					if root != nil && shared(root) {
						out = append(out, write{instr: i, pos: i.Pos(), kind: writeAtomicRMW, name: name, root: root, addr: addr})
					}
					continue
				}
				bi, ok := i.Call.Value.(*ssa.Builtin)
				if !ok || bi.Name() != "delete" || len(i.Call.Args) != 2 {
					continue
				}
				root, name := rootOf(i.Call.Args[0])
				if root == nil || !shared(root) {
					continue
				}
				out = append(out, write{instr: i, pos: i.Pos(), kind: writeMap, name: name, root: root, addr: i.Call.Args[0]})
			}
		}
	}
	return out
}

// storesSyncValue reports whether w stores a whole sync or atomic value,
// which is initialisation rather than a racy update.
func storesSyncValue(w write) bool {
	st, ok := w.instr.(*ssa.Store)
	return ok && predicate.IsSyncType(st.Val.Type())
}
