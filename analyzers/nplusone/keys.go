package nplusone

import (
	"go/ast"
	"go/types"
	"maps"

	"golang.org/x/tools/go/ssa"

	"github.com/drillhq/drill/analyzers/internal/predicate"
)

// Key columns of helpers, so that a loop calling FeedURLExists(userID,
// sub.FeedURL) can be told "WHERE feed_url IN (...)": when a helper reads
// at exactly one place on every call, the parameters that fill that
// statement's WHERE column = ? comparisons are recorded with their column,
// directly or through the helper it calls.

// maxKeyPasses bounds the passes that carry key columns from callees to
// callers. Keys only word the advice of a message, and helper chains in
// repositories are a few calls deep (Handler -> Store.ByID -> byID ->
// Load); recursive helpers could otherwise trade keys back and forth.
const maxKeyPasses = 8

func (c *checker) summarizeKeys(fns []*ssa.Function) {
	for range maxKeyPasses {
		changed := false
		for _, fn := range fns {
			s := c.summaries[fn]
			if !s.reads {
				continue
			}
			if keys := c.keysOf(fn, s); !maps.Equal(keys, s.keys) {
				s.keys = keys
				changed = true
			}
		}
		if !changed {
			return
		}
	}
}

// keysOf returns fn's parameters that fill the WHERE keys of its one read,
// by parameter index (the receiver first), or nil.
func (c *checker) keysOf(fn *ssa.Function, s *summary) map[int]string {
	if fn.Syntax() == nil {
		return nil
	}
	var only *ssa.Call
	var callee *summary
	n := 0
	for _, b := range fn.Blocks {
		for _, instr := range b.Instrs {
			switch i := instr.(type) {
			case *ssa.Defer:
				return nil // a deferred call may read too: not one place
			case *ssa.Call:
				if c.inCollectionLoop(fn, i.Pos()) {
					continue
				}
				if m, ok := sqlMethod(&i.Call); ok {
					if c.reads(fn, &i.Call, m) {
						n, only, callee = n+1, i, nil
					}
					continue
				}
				if i.Call.IsInvoke() {
					continue
				}
				cs := c.summaryOf(resolveFunc(i.Call.Value))
				if cs == nil || cs == s {
					continue
				}
				if len(cs.invokes) > 0 {
					return nil // runs callbacks that may read: not one place
				}
				if cs.reads {
					n, only, callee = n+1, i, cs
				}
			}
		}
	}
	if n != 1 {
		return nil
	}
	cur, ok := callAt(c.funcCursor(fn), only.Pos())
	if !ok {
		return nil
	}
	expr := cur.Node().(*ast.CallExpr)
	cols := map[ast.Expr]string{} // argument expression -> the column it fills
	if callee == nil {
		m, _ := sqlMethod(&only.Call)
		st := c.statementOf(fn, &only.Call, m)
		keys, okKeys := whereKeys(st.toks)
		base, okBase := sqlArgBase(c.pass.TypesInfo, expr, &only.Call, m)
		if st.text == "" || !okKeys || !okBase {
			return nil
		}
		for ord, col := range keys {
			if i := base + ord; i < len(expr.Args) && !(expr.Ellipsis.IsValid() && i == len(expr.Args)-1) {
				cols[expr.Args[i]] = col
			}
		}
	} else {
		for j, col := range callee.keys {
			if a := astArg(expr, &only.Call, j); a != nil {
				cols[a] = col
			}
		}
	}
	out := map[int]string{}
	clash := map[int]bool{}
	for a, col := range cols {
		p := c.paramOf(fn, a)
		if p < 0 {
			continue
		}
		if old, dup := out[p]; dup && old != col {
			clash[p] = true
		}
		out[p] = col
	}
	for p := range clash {
		delete(out, p) // one parameter filling two columns: no one key
	}
	if len(out) == 0 {
		return nil
	}
	return out
}

// paramOf returns the index of the one parameter of fn that expression a
// mentions, or -1 when it mentions none or several.
func (c *checker) paramOf(fn *ssa.Function, a ast.Expr) int {
	found := -1
	for i, p := range fn.Params {
		obj, _ := p.Object().(*types.Var) // nil for a synthetic parameter
		if obj == nil || !predicate.Mentions(c.pass.TypesInfo, a, map[types.Object]bool{obj: true}) {
			continue
		}
		if found >= 0 {
			return -1
		}
		found = i
	}
	return found
}
