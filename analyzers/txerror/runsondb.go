package txerror

import (
	"fmt"
	"go/types"
	"slices"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ssa"

	"github.com/drillhq/drill/analyzers/internal/predicate"
	"github.com/drillhq/drill/analyzers/internal/sqlcall"
)

// Which functions run statements on a *sql.DB they are given: calling one
// while a transaction is open sends work outside the transaction. This is
// txerror's own fact; what helpers do with a *sql.Tx comes from
// resource.Analyzer.

// txFact records on which *sql.DB parameters a function runs statements.
type txFact struct {
	RunsOnDB []int
}

func (*txFact) AFact() {}

func (f *txFact) String() string {
	parts := []string{}
	for _, i := range f.RunsOnDB {
		parts = append(parts, fmt.Sprintf("runsOnDB(%d)", i))
	}
	return strings.Join(parts, " ")
}

// maxRunsOnDBRounds bounds the fixed-point iteration of computeRunsOnDB:
// each round climbs one more level of same-package helpers handing the pool
// on. Deeper chains are rare; a fact not reached in time is only absent,
// which keeps txerror silent rather than wrong.
const maxRunsOnDBRounds = 8

// exportRunsOnDB computes and exports the package's txFacts and returns
// the lookup for this package's functions and, through imported facts, its
// dependencies'.
func exportRunsOnDB(pass *analysis.Pass, funcs []*ssa.Function) func(*types.Func, int) bool {
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
	for _, fn := range funcs {
		obj, ok := fn.Object().(*types.Func)
		if !ok || fn.Parent() != nil {
			continue
		}
		if idx := localDB[obj]; len(idx) > 0 {
			pass.ExportObjectFact(obj, &txFact{RunsOnDB: idx})
		}
	}
	return func(fn *types.Func, i int) bool {
		if idx, ok := localDB[fn]; ok {
			return slices.Contains(idx, i)
		}
		f := importFact(fn)
		return f != nil && slices.Contains(f.RunsOnDB, i)
	}
}

// computeRunsOnDB finds, for each function, the *sql.DB parameters it
// sends statements to, directly or through other such functions.
func computeRunsOnDB(funcs []*ssa.Function, importFact func(*types.Func) *txFact) map[*types.Func][]int {
	out := map[*types.Func][]int{}
	uses := func(fn *types.Func, i int) bool {
		if idx, ok := out[fn]; ok {
			return slices.Contains(idx, i)
		}
		f := importFact(fn)
		return f != nil && slices.Contains(f.RunsOnDB, i)
	}
	for range maxRunsOnDBRounds {
		changed := false
		for _, fn := range funcs {
			obj, ok := fn.Object().(*types.Func)
			if !ok || fn.Parent() != nil {
				continue
			}
			var idx []int
			for i, p := range fn.Params {
				if predicate.IsPointerToNamed(p.Type(), sqlPath, "DB") && runsOn(fn, p, uses) {
					idx = append(idx, i)
				}
			}
			if !slices.Equal(idx, out[obj]) {
				if len(idx) > 0 || out[obj] != nil {
					out[obj] = idx
					changed = true
				}
			}
		}
		if !changed {
			break
		}
	}
	return out
}

// runsOn reports whether fn sends a statement to db (or a phi of it).
func runsOn(fn *ssa.Function, db ssa.Value, uses func(*types.Func, int) bool) bool {
	vals := map[ssa.Value]bool{db: true}
	work := []ssa.Value{db}
	for len(work) > 0 {
		v := work[len(work)-1]
		work = work[:len(work)-1]
		for _, r := range *v.Referrers() {
			switch r := r.(type) {
			case *ssa.Phi:
				if !vals[r] {
					vals[r] = true
					work = append(work, r)
				}
			case ssa.CallInstruction:
				c := r.Common()
				callee := predicate.Callee(c)
				for i, a := range c.Args {
					if a != v || callee == nil {
						continue
					}
					if i == 0 && isPoolStatement(callee) {
						return true
					}
					if uses(callee, i) {
						return true
					}
				}
			}
		}
	}
	return false
}

// isPoolStatement reports whether fn sends SQL on a *sql.DB (Query,
// QueryRow, Exec and their Context forms). Prepare is left out: preparing
// on the pool and binding with tx.Stmt is a fine idiom.
func isPoolStatement(fn *types.Func) bool {
	m, ok := sqlcall.Lookup(fn)
	return ok && m.On == sqlcall.OnDB && m.SendsSQL()
}
