package txerror

import (
	"fmt"
	"go/types"
	"slices"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ssa"
)

// txerror's own facts about helpers, exported so that they cross package
// boundaries: which *sql.DB parameters a function runs statements on, and
// on which *sql.Tx parameters it only reads. What helpers close or borrow
// comes from resource.Analyzer.

// txFact records, per function, the parameters (receiver first) it runs
// statements on (*sql.DB) or only reads through (*sql.Tx).
type txFact struct {
	RunsOnDB  []int
	ReadsOnly []int
}

func (*txFact) AFact() {}

func (f *txFact) String() string {
	parts := []string{}
	for _, i := range f.RunsOnDB {
		parts = append(parts, fmt.Sprintf("runsOnDB(%d)", i))
	}
	for _, i := range f.ReadsOnly {
		parts = append(parts, fmt.Sprintf("readsOnlyTx(%d)", i))
	}
	return strings.Join(parts, " ")
}

// paramLookup answers "does fn do X with its i-th parameter" for this
// package's functions and, through imported facts, its dependencies'.
type paramLookup func(fn *types.Func, i int) bool

// exportFacts computes and exports the package's txFacts and returns the
// lookups for both of them.
func exportFacts(pass *analysis.Pass, funcs []*ssa.Function) (runsOnDB, readsOnly paramLookup) {
	imported := map[*types.Func]*txFact{}
	importFact := func(fn *types.Func) *txFact {
		if f, ok := imported[fn]; ok {
			return f
		}
		var f txFact
		var res *txFact
		if pass.ImportObjectFact(fn, &f) {
			res = &f
		}
		imported[fn] = res
		return res
	}
	localDB := computeRunsOnDB(funcs, importFact)
	localRO := computeReadsOnly(funcs, importFact)
	for _, fn := range funcs {
		obj, ok := fn.Object().(*types.Func)
		if !ok || fn.Parent() != nil {
			continue
		}
		if f := (txFact{RunsOnDB: localDB[obj], ReadsOnly: localRO[obj]}); len(f.RunsOnDB)+len(f.ReadsOnly) > 0 {
			pass.ExportObjectFact(obj, &f)
		}
	}
	lookup := func(local map[*types.Func][]int, field func(*txFact) []int) paramLookup {
		return func(fn *types.Func, i int) bool {
			if idx, ok := local[fn]; ok {
				return slices.Contains(idx, i)
			}
			f := importFact(fn)
			return f != nil && slices.Contains(field(f), i)
		}
	}
	return lookup(localDB, func(f *txFact) []int { return f.RunsOnDB }),
		lookup(localRO, func(f *txFact) []int { return f.ReadsOnly })
}
