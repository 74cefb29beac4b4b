package nplusone

import (
	"go/ast"
	"go/token"

	"golang.org/x/tools/go/ssa"

	"github.com/drillhq/drill/analyzers/internal/predicate"
)

// Queue workers. A loop that is not over a collection (for { job :=
// next() }, a receive from a channel) is never judged; collectionOf only
// knows collections. The one worker loop that looks like a collection is
// a for rows.Next() over the jobs a statement has just claimed: UPDATE ...
// RETURNING, DELETE ... RETURNING or SELECT ... FOR UPDATE SKIP LOCKED.
// Each iteration processes one job, and the queries it runs for that job
// (load its payload, record its outcome) belong to the job, not to a list
// a batch query could fetch at once.

// claimedRows reports whether the rows a rows.Next() condition iterates
// come from a statement that claims them.
func (c *checker) claimedRows(fn *ssa.Function, cond *ast.CallExpr) bool {
	next := c.ssaCallAt(fn, cond.Lparen)
	if next == nil || len(next.Call.Args) == 0 {
		return false
	}
	srcs := rowsSources(next.Call.Args[0])
	if len(srcs) == 0 {
		return false
	}
	for _, q := range srcs {
		m, ok := sqlMethod(&q.Call)
		if !ok || !c.statementOf(q.Parent(), &q.Call, m).claims {
			return false
		}
	}
	return true
}

// rowsSources returns the query calls a *sql.Rows value may come from,
// through phis and local variables; nil when one of them is not a call.
func rowsSources(v ssa.Value) []*ssa.Call {
	var out []*ssa.Call
	seen := map[ssa.Value]bool{}
	ok := true
	var walk func(v ssa.Value, depth int)
	walk = func(v ssa.Value, depth int) {
		if v == nil || seen[v] || depth > maxOriginDepth {
			return
		}
		seen[v] = true
		switch v := v.(type) {
		case *ssa.Extract:
			if call, isCall := v.Tuple.(*ssa.Call); isCall && v.Index == 0 {
				out = append(out, call)
				return
			}
		case *ssa.Phi:
			for _, e := range v.Edges {
				if !predicate.IsNilConst(e) {
					walk(e, depth+1)
				}
			}
			return
		case *ssa.UnOp:
			if alloc, isAlloc := v.X.(*ssa.Alloc); isAlloc && v.Op == token.MUL {
				for _, r := range predicate.Referrers(alloc) {
					if st, isStore := r.(*ssa.Store); isStore && st.Addr == alloc {
						walk(st.Val, depth+1)
					}
				}
				return
			}
		}
		ok = false
	}
	walk(v, 0)
	if !ok {
		return nil
	}
	return out
}

// ssaCallAt returns fn's call whose opening parenthesis is at lparen.
func (c *checker) ssaCallAt(fn *ssa.Function, lparen token.Pos) *ssa.Call {
	calls, ok := c.calls[fn]
	if !ok {
		calls = map[token.Pos]*ssa.Call{}
		for _, b := range fn.Blocks {
			for _, instr := range b.Instrs {
				if call, isCall := instr.(*ssa.Call); isCall && call.Pos().IsValid() {
					calls[call.Pos()] = call
				}
			}
		}
		c.calls[fn] = calls
	}
	return calls[lparen]
}
