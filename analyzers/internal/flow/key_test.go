package flow_test

import (
	"strings"
	"testing"

	"golang.org/x/tools/go/ssa"

	"github.com/drillhq/drill/analyzers/internal/flow"
)

const keySrc = `package p

import "sync"

type S struct {
	mu, other sync.Mutex
	n, m      int
	xs        []int
}

var hits int

func locks(s, t *S) {
	s.mu.Lock()
	s.mu.Unlock()
	s.other.Lock()
	t.mu.Lock()
}

func bump(s *S) {
	s.n++
	hits++
}

func elems(s, t *S, i int) {
	s.xs[i]++
	t.xs[i]++
}

func mk() S { return S{} }

// Selections from values that are not addressable are ssa.Field.
func byValue() int {
	return mk().n + mk().m
}
`

// Key names the same field path the same at every use (s.mu at Lock and at
// Unlock, s.n at its load and its store, a global), and tells apart other
// fields of the same value and the same field of another value.
func TestKey(t *testing.T) {
	pkg := buildSSA(t, keySrc)

	fn := function(t, pkg, "locks")
	locks := calls(fn, "Lock")
	if len(locks) != 3 {
		t.Fatalf("%d Lock calls, want 3", len(locks))
	}
	sMu, sOther, tMu := flow.Key(locks[0].Call.Args[0]), flow.Key(locks[1].Call.Args[0]), flow.Key(locks[2].Call.Args[0])
	if unlock := flow.Key(call(t, fn, "Unlock").Call.Args[0]); unlock != sMu {
		t.Errorf("s.mu: Key at Unlock %q != Key at Lock %q", unlock, sMu)
	}
	if sOther == sMu || tMu == sMu {
		t.Errorf("s.mu, s.other and t.mu must differ: %q, %q, %q", sMu, sOther, tMu)
	}
	if !strings.HasSuffix(sMu, ".mu") || !strings.HasSuffix(sOther, ".other") {
		t.Errorf("keys should end in the field name: %q, %q", sMu, sOther)
	}

	// n++ stores to the address it loaded from.
	fn = function(t, pkg, "bump")
	var stores []*ssa.Store
	for _, b := range fn.Blocks {
		for _, instr := range b.Instrs {
			if st, ok := instr.(*ssa.Store); ok {
				stores = append(stores, st)
			}
		}
	}
	if len(stores) != 2 {
		t.Fatalf("bump: %d stores, want 2", len(stores))
	}
	for _, st := range stores {
		load := loadIn(st.Val)
		if load == nil {
			t.Fatalf("store %v: no load in its value", st)
		}
		if flow.Key(load.X) != flow.Key(st.Addr) {
			t.Errorf("store %v: Key of the load %q != Key of the store %q", st, flow.Key(load.X), flow.Key(st.Addr))
		}
	}
	if flow.Key(stores[0].Addr) == flow.Key(stores[1].Addr) {
		t.Errorf("s.n and hits share key %q", flow.Key(stores[0].Addr))
	}

	// Elements: the same slice at load and store, another slice apart.
	fn = function(t, pkg, "elems")
	stores = stores[:0]
	for _, b := range fn.Blocks {
		for _, instr := range b.Instrs {
			if st, ok := instr.(*ssa.Store); ok {
				stores = append(stores, st)
			}
		}
	}
	if len(stores) != 2 {
		t.Fatalf("elems: %d stores, want 2", len(stores))
	}
	for _, st := range stores {
		if load := loadIn(st.Val); load == nil || flow.Key(load.X) != flow.Key(st.Addr) {
			t.Errorf("elems: store %v and its load differ in key", st)
		}
	}
	if flow.Key(stores[0].Addr) == flow.Key(stores[1].Addr) {
		t.Errorf("s.xs[i] and t.xs[i] share key %q", flow.Key(stores[0].Addr))
	}

	// Selections from a struct value (ssa.Field) are named by field too.
	fn = function(t, pkg, "byValue")
	var fields []string
	for _, b := range fn.Blocks {
		for _, instr := range b.Instrs {
			if f, ok := instr.(*ssa.Field); ok {
				fields = append(fields, flow.Key(f))
			}
		}
	}
	if len(fields) != 2 || !strings.HasSuffix(fields[0], ".n") || !strings.HasSuffix(fields[1], ".m") {
		t.Errorf("byValue keys: %q, want one ending in .n and one in .m", fields)
	}
}

// loadIn returns the pointer load v is computed from, directly or one
// operation away (n+1).
func loadIn(v ssa.Value) *ssa.UnOp {
	if u, ok := v.(*ssa.UnOp); ok {
		return u
	}
	if b, ok := v.(*ssa.BinOp); ok {
		if u, ok := b.X.(*ssa.UnOp); ok {
			return u
		}
	}
	return nil
}
