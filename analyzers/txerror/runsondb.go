package txerror

import (
	"go/types"
	"slices"

	"golang.org/x/tools/go/ssa"

	"github.com/drillhq/drill/analyzers/internal/predicate"
	"github.com/drillhq/drill/analyzers/internal/sqlcall"
)

// Which functions run statements on a *sql.DB they are given: calling one
// while a transaction is open sends work outside the transaction.

// maxRunsOnDBRounds bounds the fixed-point iteration of computeRunsOnDB:
// each round climbs one more level of same-package helpers handing the pool
// on. Deeper chains are rare; a fact not reached in time is only absent,
// which keeps txerror silent rather than wrong.
const maxRunsOnDBRounds = 8

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
// QueryRow, Exec and their Context forms) or an *sqlx.DB (Get, Select,
// Queryx, NamedExec, MustExec, ...). Prepare is left out: preparing on the
// pool and binding with tx.Stmt is a fine idiom.
func isPoolStatement(fn *types.Func) bool {
	m, ok := sqlcall.LookupText(fn)
	return ok && m.On == sqlcall.OnDB && m.SendsSQL()
}
