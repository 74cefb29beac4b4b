package chanleak

import (
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"

	"github.com/drillhq/drill/analyzers/internal/predicate"
)

// The counting domain of the dataflow: how many values are sent and not
// yet received on a path, widened so that loops reach a fixed point.

const (
	inf   = 1 << 20 // unboundedly many pending senders
	limit = 16      // counts above this widen to inf
	// gotCap bounds state.got: reports only ask whether the function has
	// received anything yet, so counting further would only delay the
	// fixed point.
	gotCap = 2
)

type state struct {
	pending int  // values sent and not yet received (max over paths)
	got     int  // values received so far (max over paths, capped at gotCap)
	stream  bool // a goroutine that sends an unknown number of values (many, or maybe none) is still running
}

// flowState splits the paths reaching a point by the last select case that
// gave up waiting (nil: none), so a report can say how the function left.
type flowState map[ast.Stmt]state

func (fs flowState) rekey(key ast.Stmt) flowState {
	out := flowState{}
	for _, st := range fs {
		out[key] = joinState(out[key], st)
	}
	return out
}

func joinState(a, b state) state {
	return state{pending: max(a.pending, b.pending), got: max(a.got, b.got), stream: a.stream || b.stream}
}

func (fs flowState) apply(f func(state) state) flowState {
	out := make(flowState, len(fs))
	for k, st := range fs {
		out[k] = f(st)
	}
	return out
}

func sub(a, b int) int {
	if a >= inf {
		return inf
	}
	if a -= b; a < 0 {
		return 0
	}
	return a
}

func add(a, b int) int {
	if a >= inf || b >= inf || a+b > limit {
		return inf
	}
	return a + b
}

func mul(a, b int) int {
	if a >= inf || b >= inf || a*b > limit {
		return inf
	}
	return a * b
}

func received(k int) func(state) state {
	return func(st state) state {
		st.pending, st.got = sub(st.pending, k), min(st.got+k, gotCap)
		return st
	}
}

// tripCount returns the constant number of iterations of loop, or inf.
func tripCount(info *types.Info, loop ast.Stmt) int {
	constInt := func(e ast.Expr) (int, bool) {
		tv := info.Types[e]
		if tv.Value == nil {
			return 0, false
		}
		v, ok := constant.Int64Val(constant.ToInt(tv.Value))
		return int(v), ok && v >= 0
	}
	switch l := loop.(type) {
	case *ast.RangeStmt:
		if n, ok := constInt(l.X); ok {
			return n
		}
		t := info.TypeOf(l.X)
		if t == nil {
			return inf
		}
		if p, ok := t.Underlying().(*types.Pointer); ok {
			t = p.Elem()
		}
		if arr, ok := t.Underlying().(*types.Array); ok {
			return int(arr.Len())
		}
	case *ast.ForStmt:
		init, ok := l.Init.(*ast.AssignStmt)
		cond, ok2 := ast.Unparen(l.Cond).(*ast.BinaryExpr)
		post, ok3 := l.Post.(*ast.IncDecStmt)
		if !ok || !ok2 || !ok3 || len(init.Lhs) != 1 || len(init.Rhs) != 1 || post.Tok != token.INC {
			return inf
		}
		i := predicate.Ident(init.Lhs[0])
		x, y := predicate.Ident(cond.X), predicate.Ident(post.X)
		if i == nil || x == nil || y == nil ||
			info.ObjectOf(x) != info.ObjectOf(i) || info.ObjectOf(y) != info.ObjectOf(i) {
			return inf
		}
		lo, ok := constInt(init.Rhs[0])
		hi, ok2 := constInt(cond.Y)
		if !ok || !ok2 {
			return inf
		}
		switch cond.Op {
		case token.LSS:
			return max(hi-lo, 0)
		case token.LEQ:
			return max(hi-lo+1, 0)
		}
	}
	return inf
}
