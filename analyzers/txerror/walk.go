package txerror

import (
	"go/token"
	"go/types"
	"slices"

	"golang.org/x/tools/go/ssa"

	"github.com/drillhq/drill/analyzers/internal/predicate"
	"github.com/drillhq/drill/analyzers/internal/resource"
)

// The path walk from a statement on a transaction to what happens to its
// error: along every path, is it returned, or does the code go on to Commit?

// walker follows paths on which a statement's error is non-nil and looks
// for a Commit of the same transaction.
type walker struct {
	fn    *ssa.Function
	tx    ssa.Value
	begin ssa.Instruction
	errv  ssa.Value
	stmt  *ssa.Call
}

type item struct {
	b    *ssa.BasicBlock
	lo   int
	pred int // index into b.Preds of the edge taken, or -1
	st   *state
}

func (w *walker) sameTx(v ssa.Value) bool {
	v = resource.Unwrap(v) // tx.Commit() on an *sqlx.Tx receives the loaded *sql.Tx
	if predicate.SameValue(v, w.tx) {
		return true
	}
	if p, ok := v.(*ssa.Phi); ok && slices.Contains(p.Edges, w.tx) {
		return true
	}
	if p, ok := w.tx.(*ssa.Phi); ok && slices.Contains(p.Edges, v) {
		return true
	}
	return false
}

// maxWalkSteps bounds the blocks walk visits for one statement. States
// are keyed by block and error aliases, so the walk ends anyway; the bound
// only caps pathological functions (huge generated switch statements),
// where giving up means no report.
const maxWalkSteps = 5000

// walk follows the paths from start, on which the statement failed, and
// returns the Commit of the same transaction it reaches first, with the
// path's state.
func (w *walker) walk(start *ssa.Call, st *state) (*ssa.Call, *state) {
	queue := []item{{b: start.Block(), lo: slices.Index(start.Block().Instrs, ssa.Instruction(start)) + 1, pred: -1, st: st}}
	seen := map[string]bool{}
	for steps := 0; len(queue) > 0 && steps < maxWalkSteps; steps++ {
		it := queue[0]
		queue = queue[1:]
		commit, st, cont := w.block(it)
		if commit != nil {
			return commit, st
		}
		if !cont {
			continue
		}
		b := it.b
		if len(b.Instrs) == 0 {
			continue
		}
		iff, _ := b.Instrs[len(b.Instrs)-1].(*ssa.If)
		only := -1
		if iff != nil {
			if s, ok := nilCheckSucc(iff.Cond, st.vals); ok {
				only = s
				st.sawCheck = true
			}
		}
		for si, s := range b.Succs {
			if only >= 0 && si != only {
				continue
			}
			ns := st.clone()
			k := ns.key(s)
			if seen[k] {
				continue
			}
			seen[k] = true
			queue = append(queue, item{b: s, lo: 0, pred: slices.Index(s.Preds, b), st: ns})
		}
	}
	return nil, nil
}

// block runs one block on a path. It returns the Commit reached, or
// whether the path goes on.
func (w *walker) block(it item) (*ssa.Call, *state, bool) {
	st := it.st
	for i := it.lo; i < len(it.b.Instrs); i++ {
		in := it.b.Instrs[i]
		if phi, ok := in.(*ssa.Phi); ok {
			if it.pred >= len(phi.Edges) {
				it.pred = -1
			}
			if it.pred >= 0 && st.vals[phi.Edges[it.pred]] {
				st.vals[phi] = true
			} else {
				delete(st.vals, phi)
			}
			if it.pred >= 0 && st.sawCheck && recordsFlag(phi, it.pred) {
				// `failed = true` on the error path: the failure is
				// remembered and acted on later, out of our sight.
				return nil, st, false
			}
			continue
		}
		if in == w.begin {
			return nil, st, false // a new transaction
		}
		if v, ok := in.(ssa.Value); ok && v == w.errv && it.pred >= 0 {
			delete(st.vals, v) // the statement ran again: a fresh error
		}
		if call, ok := in.(*ssa.Call); ok && !call.Call.IsInvoke() && len(call.Call.Args) > 0 {
			f := predicate.Callee(&call.Call)
			if isCommit(f) && w.sameTx(call.Call.Args[0]) {
				return call, st, false
			}
			if isRollback(f) && w.sameTx(call.Call.Args[0]) {
				return nil, st, false
			}
		}
		switch in := in.(type) {
		case *ssa.Return, *ssa.Panic:
			return nil, st, false
		case *ssa.Store:
			if st.vals[in.Val] {
				switch in.Addr.(type) {
				case *ssa.Alloc, *ssa.FreeVar:
					st.held[in.Addr] = true
					continue
				}
				return nil, st, false // stored for someone else to act on
			}
			if st.held[in.Addr] {
				delete(st.held, in.Addr) // overwritten
			}
			continue
		case *ssa.UnOp:
			if in.Op == token.MUL && st.held[in.X] {
				st.vals[in] = true
				continue
			}
		case *ssa.DebugRef:
			continue
		}
		alias := usedAlias(in, st.vals)
		if alias == nil {
			continue
		}
		if b, ok := in.(*ssa.BinOp); ok && (b.Op == token.EQL || b.Op == token.NEQ) &&
			(predicate.IsNilConst(b.X) || predicate.IsNilConst(b.Y)) {
			continue // the branch decides
		}
		if _, ok := in.(*ssa.If); ok {
			continue
		}
		if isLogUse(alias, in) {
			st.sawLog = true
			continue
		}
		return nil, st, false // returned, wrapped, inspected: handled
	}
	return nil, st, true
}

// usedAlias returns the alias operand of in, if any.
func usedAlias(in ssa.Instruction, vals map[ssa.Value]bool) ssa.Value {
	var found ssa.Value
	for _, op := range in.Operands(nil) {
		if op != nil && *op != nil && vals[*op] {
			found = *op
		}
	}
	return found
}

// nilCheckSucc returns the successor on which an alias is non-nil, for a
// plain `err != nil` / `err == nil` condition.
func nilCheckSucc(cond ssa.Value, vals map[ssa.Value]bool) (int, bool) {
	if u, ok := cond.(*ssa.UnOp); ok && u.Op == token.NOT {
		s, ok := nilCheckSucc(u.X, vals)
		return 1 - s, ok
	}
	b, ok := cond.(*ssa.BinOp)
	if !ok || (b.Op != token.EQL && b.Op != token.NEQ) {
		return 0, false
	}
	if !(vals[b.X] && predicate.IsNilConst(b.Y)) && !(vals[b.Y] && predicate.IsNilConst(b.X)) {
		return 0, false
	}
	if b.Op == token.NEQ {
		return 0, true
	}
	return 1, true
}

// recordsFlag reports whether a boolean phi takes a constant from edge
// pred that differs from one of its other edges.
func recordsFlag(phi *ssa.Phi, pred int) bool {
	c, ok := phi.Edges[pred].(*ssa.Const)
	if !ok || c.Value == nil || !predicate.HasBasicInfo(phi.Type(), types.IsBoolean) {
		return false
	}
	for i, e := range phi.Edges {
		if i == pred {
			continue
		}
		if o, ok := e.(*ssa.Const); !ok || o.Value == nil || o.Value.ExactString() != c.Value.ExactString() {
			return true
		}
	}
	return false
}
