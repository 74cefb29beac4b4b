package resource

import (
	"fmt"
	"go/types"
	"slices"
	"strings"
	"sync"

	"golang.org/x/tools/go/ssa"

	"github.com/drillhq/drill/analyzers/internal/predicate"
)

// Facts is what the engine knows about functions it cannot see into:
// facts imported from dependencies, or computed for the current package.
type Facts interface {
	// Closes reports whether fn releases its i-th parameter (receiver
	// first) on every path.
	Closes(fn *types.Func, i int) bool
	// Borrows reports whether fn only uses its i-th parameter: it never
	// releases, stores, returns or hands it on.
	Borrows(fn *types.Func, i int) bool
	// Returns reports whether fn's i-th result is a resource freshly
	// acquired for the caller.
	Returns(fn *types.Func, i int) (Kind, bool)
	// LeaksPoolOnError reports whether fn leaves a *sql.DB it opened
	// open when it returns an error (opener.go).
	LeaksPoolOnError(fn *types.Func) bool
}

// FuncFacts is what one function does with the resources it is given or
// returns. Analyzer exports it (as funcFact) for every function where it is
// not empty, so that "this helper closes its argument" travels across
// packages.
type FuncFacts struct {
	Closes  []int // parameters (receiver first) released on every path
	Borrows []int // parameters only used, never released or handed on
	Returns []int // results that are a freshly acquired resource
	// ReturnKinds[i] is the Kind of result Returns[i].
	ReturnKinds []Kind
	// LeaksPoolOnError is set on a pool constructor that returns an
	// error without closing the pool it opened, and on functions that
	// return the error of a call to one (opener.go).
	LeaksPoolOnError bool
}

// Empty reports whether there is nothing worth exporting.
func (f *FuncFacts) Empty() bool {
	return f == nil || len(f.Closes)+len(f.Borrows)+len(f.Returns) == 0 && !f.LeaksPoolOnError
}

func (f *FuncFacts) String() string {
	var parts []string
	for _, i := range f.Closes {
		parts = append(parts, fmt.Sprintf("closesParam(%d)", i))
	}
	for _, i := range f.Borrows {
		parts = append(parts, fmt.Sprintf("borrowsParam(%d)", i))
	}
	for _, i := range f.Returns {
		parts = append(parts, fmt.Sprintf("returnsResource(%d)", i))
	}
	if f.LeaksPoolOnError {
		parts = append(parts, "leaksPoolOnError")
	}
	return strings.Join(parts, " ")
}

func (f *FuncFacts) equal(g *FuncFacts) bool {
	if f.Empty() || g.Empty() {
		return f.Empty() == g.Empty()
	}
	return slices.Equal(f.Closes, g.Closes) && slices.Equal(f.Borrows, g.Borrows) &&
		slices.Equal(f.Returns, g.Returns) && slices.Equal(f.ReturnKinds, g.ReturnKinds) &&
		f.LeaksPoolOnError == g.LeaksPoolOnError
}

// FactTable answers Facts from the current package's computed facts and,
// for other packages, from Import (normally pass.ImportObjectFact).
//
// Local is written only while ComputeFacts runs; afterwards the table is
// shared by every analyzer that requires Analyzer, which may run at the
// same time, so the cache of imported facts is guarded.
type FactTable struct {
	Local  map[*types.Func]*FuncFacts
	Import func(*types.Func) *FuncFacts
	mu     sync.Mutex
	cache  map[*types.Func]*FuncFacts
}

// NewFactTable returns a table backed by import.
func NewFactTable(imp func(*types.Func) *FuncFacts) *FactTable {
	return &FactTable{Local: map[*types.Func]*FuncFacts{}, Import: imp, cache: map[*types.Func]*FuncFacts{}}
}

func (ft *FactTable) get(fn *types.Func) *FuncFacts {
	if f, ok := ft.Local[fn]; ok {
		return f
	}
	ft.mu.Lock()
	defer ft.mu.Unlock()
	if f, ok := ft.cache[fn]; ok {
		return f
	}
	var f *FuncFacts
	if ft.Import != nil {
		f = ft.Import(fn)
	}
	ft.cache[fn] = f
	return f
}

// Closes implements Facts.
func (ft *FactTable) Closes(fn *types.Func, i int) bool {
	f := ft.get(fn)
	return f != nil && slices.Contains(f.Closes, i)
}

// Borrows implements Facts.
func (ft *FactTable) Borrows(fn *types.Func, i int) bool {
	f := ft.get(fn)
	return f != nil && slices.Contains(f.Borrows, i)
}

// Returns implements Facts.
func (ft *FactTable) Returns(fn *types.Func, i int) (Kind, bool) {
	f := ft.get(fn)
	if f == nil {
		return NoKind, false
	}
	for j, r := range f.Returns {
		if r == i {
			return f.ReturnKinds[j], true
		}
	}
	return NoKind, false
}

// LeaksPoolOnError implements Facts.
func (ft *FactTable) LeaksPoolOnError(fn *types.Func) bool {
	f := ft.get(fn)
	return f != nil && f.LeaksPoolOnError
}

// maxFactRounds bounds the fixed-point iteration of ComputeFacts. Each
// round lets a fact climb one more level of same-package helpers calling
// helpers; chains deeper than this are rare, and a fact not reached in time
// is merely absent, which keeps the engine silent rather than wrong.
const maxFactRounds = 8

// ComputeFacts works out FuncFacts, for every kind of resource, for every
// named function of the package, iterating to a fixed point so that helpers
// calling helpers are covered, and stores them in table.Local. It returns
// the functions in source order.
func ComputeFacts(table *FactTable, funcs []*ssa.Function) []*types.Func {
	var named []*ssa.Function
	var objs []*types.Func
	for _, fn := range funcs {
		obj, ok := fn.Object().(*types.Func)
		if !ok || fn.Parent() != nil || len(fn.Blocks) == 0 {
			continue
		}
		named = append(named, fn)
		objs = append(objs, obj)
	}
	for range maxFactRounds {
		changed := false
		for i, fn := range named {
			ff := funcFacts(table, fn)
			if !ff.equal(table.Local[objs[i]]) {
				table.Local[objs[i]] = ff
				changed = true
			}
		}
		if !changed {
			break
		}
	}
	return objs
}

// funcFacts works out what fn does with each resource parameter and result.
func funcFacts(facts Facts, fn *ssa.Function) *FuncFacts {
	ff := &FuncFacts{}
	for i, p := range fn.Params {
		k, r, ok := paramRole(p.Type())
		if !ok {
			continue
		}
		t := newTracker(facts, fn, k, p, r, 0)
		switch {
		case t.hasRelease() && t.search(fn.Blocks[0], 0, nil, nil, true) == nil:
			ff.Closes = append(ff.Closes, i)
		case t.onlyUses():
			ff.Borrows = append(ff.Borrows, i)
		}
	}
	results := fn.Signature.Results()
	for j := range results.Len() {
		k := KindOfType(results.At(j).Type())
		if k == NoKind {
			continue
		}
		if returnsFresh(facts, fn, j, k) {
			ff.Returns = append(ff.Returns, j)
			ff.ReturnKinds = append(ff.ReturnKinds, k)
		}
	}
	ifs, calls := ifsAndCalls(fn)
	ff.LeaksPoolOnError = leaksPoolOnError(facts, fn, ifs, calls)
	return ff
}

// returnsFresh reports whether every return statement of fn yields, as
// result j, either nil or a resource of kind k acquired in fn and not
// released or stored there.
func returnsFresh(facts Facts, fn *ssa.Function, j int, k Kind) bool {
	fresh := 0
	checked := map[ssa.Value]bool{}
	var ok func(v ssa.Value) bool
	ok = func(v ssa.Value) bool {
		if predicate.IsNilConst(v) {
			return true
		}
		if done, seen := checked[v]; seen {
			return done
		}
		checked[v] = true // optimistic for phi cycles
		var res bool
		switch v := v.(type) {
		case *ssa.Phi:
			res = true
			for _, e := range v.Edges {
				if !ok(e) {
					res = false
					break
				}
			}
		case *ssa.Extract:
			if call, isCall := v.Tuple.(*ssa.Call); isCall {
				if src, isSrc := SourceOf(facts, &call.Call); isSrc && src.Kind == k && src.Index == v.Index {
					res = ownedUntilReturn(facts, fn, k, v)
					fresh++
				}
			}
		case *ssa.Call:
			if src, isSrc := SourceOf(facts, &v.Call); isSrc && src.Kind == k && src.Index == 0 {
				res = ownedUntilReturn(facts, fn, k, v)
				fresh++
			}
		}
		checked[v] = res
		return res
	}
	for _, b := range fn.Blocks {
		if len(b.Instrs) == 0 {
			continue
		}
		ret, isRet := b.Instrs[len(b.Instrs)-1].(*ssa.Return)
		if !isRet || j >= len(ret.Results) {
			continue
		}
		if !ok(ret.Results[j]) {
			return false
		}
	}
	return fresh > 0
}

// ownedUntilReturn reports whether v is neither deferred-closed nor stored
// anywhere but a return statement.
func ownedUntilReturn(facts Facts, fn *ssa.Function, k Kind, v ssa.Value) bool {
	t := newTracker(facts, fn, k, v, roleSelf, 0)
	returns := map[ssa.Instruction]bool{}
	for in, e := range t.eff {
		if _, isRet := in.(*ssa.Return); isRet && e == effEscape {
			returns[in] = true
		}
	}
	for in, e := range t.eff {
		switch {
		case e == effDeferRelease:
			return false
		case e == effEscape && !returns[in]:
			return false
		case e == effRelease && returnReachable(in, returns):
			// Released, then returned on some path (a helper that
			// reads the body and hands back the response for its
			// headers): the caller gets nothing to release.
			return false
		}
	}
	return true
}

// returnReachable reports whether one of returns can run after in.
func returnReachable(in ssa.Instruction, returns map[ssa.Instruction]bool) bool {
	b := in.Block()
	for _, later := range b.Instrs[indexOf(in)+1:] {
		if returns[later] {
			return true
		}
	}
	seen := map[*ssa.BasicBlock]bool{}
	work := append([]*ssa.BasicBlock(nil), b.Succs...)
	for len(work) > 0 {
		x := work[len(work)-1]
		work = work[:len(work)-1]
		if seen[x] {
			continue
		}
		seen[x] = true
		for _, i := range x.Instrs {
			if returns[i] {
				return true
			}
		}
		work = append(work, x.Succs...)
	}
	return false
}
