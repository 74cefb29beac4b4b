package nplusone

import (
	"go/constant"
	"go/token"
	"go/types"
	"strings"

	"golang.org/x/tools/go/ssa"

	"github.com/drillhq/drill/analyzers/internal/predicate"
	"github.com/drillhq/drill/analyzers/internal/sqlcall"
)

// Finding the SQL text a call sends, so that statements are judged by what
// they do rather than by the method that sends them: QueryRow of an
// INSERT ... RETURNING is a write. The text is followed through local
// variables, package-level variables, captured variables, concatenation
// and fmt.Sprintf formats, and a *sql.Stmt back to the Prepare that made
// it, also through a struct field every assignment of which in this
// package is such a statement.

// sqlText is what is known of one possible text: the whole of it, or a
// constant prefix (a statement finished at run time).
type sqlText struct {
	text  string
	whole bool
}

// statement is what a call's SQL is known to be. text is set when the call
// can only send one constant text.
type statement struct {
	kind   stmtKind
	text   string
	toks   []sqlToken // the tokens of text
	claims bool       // every text claims the rows it returns (see claims)
}

// stores indexes, once per package, the values stored into package-level
// variables and into struct fields declared in this package.
type stores struct {
	globals map[*ssa.Global][]stored
	fields  map[*types.Var][]stored
}

type stored struct {
	fn  *ssa.Function
	val ssa.Value
}

func (c *checker) storesOf() *stores {
	if c.stored != nil {
		return c.stored
	}
	st := &stores{globals: map[*ssa.Global][]stored{}, fields: map[*types.Var][]stored{}}
	visit := func(fn *ssa.Function) {
		for _, b := range fn.Blocks {
			for _, instr := range b.Instrs {
				s, ok := instr.(*ssa.Store)
				if !ok {
					continue
				}
				switch addr := s.Addr.(type) {
				case *ssa.Global:
					st.globals[addr] = append(st.globals[addr], stored{fn, s.Val})
				case *ssa.FieldAddr:
					if f := fieldVar(addr); f != nil && f.Pkg() == c.pass.Pkg {
						st.fields[f] = append(st.fields[f], stored{fn, s.Val})
					}
				}
			}
		}
	}
	for _, fn := range c.srcFuncs {
		visit(fn)
	}
	if init := c.ssaPkg.Func("init"); init != nil {
		// Package-level initialisers: var q = "..." and var s = &T{stmt: ...}.
		var walk func(fn *ssa.Function)
		walk = func(fn *ssa.Function) {
			visit(fn)
			for _, anon := range fn.AnonFuncs {
				walk(anon)
			}
		}
		walk(init)
	}
	c.stored = st
	return st
}

// fieldVar is the struct field a FieldAddr selects.
func fieldVar(fa *ssa.FieldAddr) *types.Var {
	if s, ok := predicate.Unpointer(fa.X.Type()).Underlying().(*types.Struct); ok && fa.Field < s.NumFields() {
		return s.Field(fa.Field)
	}
	return nil
}

// statementOf works out what SQL a database/sql call sends. Results are
// cached: summaries ask again on every pass of their fixed point.
func (c *checker) statementOf(fn *ssa.Function, call *ssa.CallCommon, m sqlcall.Method) statement {
	if st, ok := c.stmts[call]; ok {
		return st
	}
	var texts []sqlText
	var ok bool
	w := &textWalk{c: c, seen: map[ssa.Value]bool{}}
	if i := m.TextArg(call); i >= 0 && i < len(call.Args) {
		texts, ok = w.texts(fn, call.Args[i], 0)
	} else if m.On == sqlcall.OnStmt {
		if recv := stmtReceiver(call); recv != nil {
			texts, ok = w.stmt(fn, recv, 0)
		}
	}
	st := statementFrom(texts, ok)
	c.stmts[call] = st
	return st
}

// statementFrom merges the texts a call may send: their kind when they all
// agree, and the text itself when there is only one whole text.
func statementFrom(texts []sqlText, ok bool) statement {
	if !ok || len(texts) == 0 {
		return statement{}
	}
	st := statement{claims: true}
	for i, t := range texts {
		toks := lexSQL(t.text)
		k := classify(toks)
		if i > 0 && k != st.kind {
			return statement{}
		}
		st.kind = k
		st.claims = st.claims && claims(toks)
		if i == 0 && t.whole {
			st.text, st.toks = t.text, toks
		} else if !t.whole || t.text != st.text {
			st.text, st.toks = "", nil
		}
	}
	return st
}

// textWalk follows one value back to its possible texts.
type textWalk struct {
	c    *checker
	seen map[ssa.Value]bool
}

// enter marks v visited. A value met again (a loop through a phi) adds
// nothing; one too deep, or nil, makes the text unknown.
func (w *textWalk) enter(v ssa.Value, depth int) (visit, ok bool) {
	if v == nil || depth > maxOriginDepth {
		return false, false
	}
	if w.seen[v] {
		return false, true
	}
	w.seen[v] = true
	return true, true
}

// texts returns the texts a string value may hold; ok is false when any of
// them is not known at least by its first words.
func (w *textWalk) texts(fn *ssa.Function, v ssa.Value, depth int) ([]sqlText, bool) {
	if visit, ok := w.enter(v, depth); !visit {
		return nil, ok
	}
	switch v := v.(type) {
	case *ssa.Const:
		if v.Value == nil || v.Value.Kind() != constant.String {
			return nil, false
		}
		return []sqlText{{constant.StringVal(v.Value), true}}, true
	case *ssa.Phi:
		var out []sqlText
		for _, e := range v.Edges {
			ts, ok := w.texts(fn, e, depth+1)
			if !ok {
				return nil, false
			}
			out = append(out, ts...)
		}
		return out, true
	case *ssa.UnOp:
		if v.Op == token.MUL {
			return w.stored(fn, v.X, depth+1, w.texts)
		}
	case *ssa.FreeVar:
		if parent, b := binding(fn, v); b != nil {
			return w.texts(parent, b, depth+1)
		}
	case *ssa.MakeInterface:
		return w.texts(fn, v.X, depth+1)
	case *ssa.ChangeType:
		return w.texts(fn, v.X, depth+1)
	case *ssa.BinOp:
		if v.Op == token.ADD {
			return w.concat(fn, v, depth)
		}
	case *ssa.Call:
		// fmt.Sprintf("UPDATE %s SET ...", table): the format up to its
		// first verb is the statement's start.
		if f := predicate.Callee(&v.Call); predicate.IsFunctionNamed(f, "fmt", "Sprintf") && len(v.Call.Args) > 0 {
			if ts, ok := w.texts(fn, v.Call.Args[0], depth+1); ok && len(ts) == 1 && ts[0].whole {
				if prefix, _, verb := strings.Cut(ts[0].text, "%"); verb {
					return []sqlText{{prefix, false}}, true
				}
				return ts, true
			}
		}
	}
	return nil, false
}

// concat joins the texts of a + b: a whole left part followed by a known
// right part stays whole; an unknown right part leaves a prefix.
func (w *textWalk) concat(fn *ssa.Function, v *ssa.BinOp, depth int) ([]sqlText, bool) {
	left, ok := w.texts(fn, v.X, depth+1)
	if !ok {
		return nil, false
	}
	right, rok := w.texts(fn, v.Y, depth+1)
	out := make([]sqlText, 0, len(left))
	for _, l := range left {
		switch {
		case !l.whole:
			out = append(out, l)
		case rok && len(right) == 1:
			out = append(out, sqlText{l.text + right[0].text, right[0].whole})
		default:
			out = append(out, sqlText{l.text, false})
		}
	}
	return out, true
}

// stored follows a load from addr to every value stored there: a local or
// captured variable, a package-level variable, or a field of a struct
// declared in this package. next reads each stored value.
func (w *textWalk) stored(fn *ssa.Function, addr ssa.Value, depth int, next func(*ssa.Function, ssa.Value, int) ([]sqlText, bool)) ([]sqlText, bool) {
	var vals []stored
	switch a := addr.(type) {
	case *ssa.Alloc:
		for _, r := range predicate.Referrers(a) {
			if s, ok := r.(*ssa.Store); ok && s.Addr == a {
				vals = append(vals, stored{fn, s.Val})
			}
		}
	case *ssa.FreeVar:
		if parent, b := binding(fn, a); b != nil {
			return w.stored(parent, b, depth+1, next)
		}
	case *ssa.Global:
		vals = w.c.storesOf().globals[a]
	case *ssa.FieldAddr:
		if f := fieldVar(a); f != nil && f.Pkg() == w.c.pass.Pkg {
			vals = w.c.storesOf().fields[f]
		}
	}
	if len(vals) == 0 {
		return nil, false
	}
	var out []sqlText
	for _, s := range vals {
		ts, ok := next(s.fn, s.val, depth+1)
		if !ok {
			return nil, false
		}
		out = append(out, ts...)
	}
	return out, true
}

// binding returns the value the enclosing function captured for free
// variable v of closure fn, and that function.
func binding(fn *ssa.Function, v *ssa.FreeVar) (*ssa.Function, ssa.Value) {
	parent := fn.Parent()
	if parent == nil {
		return nil, nil
	}
	idx := -1
	for i, fv := range fn.FreeVars {
		if fv == v {
			idx = i
		}
	}
	if idx < 0 {
		return nil, nil
	}
	for _, b := range parent.Blocks {
		for _, instr := range b.Instrs {
			if mc, ok := instr.(*ssa.MakeClosure); ok && mc.Fn == fn && idx < len(mc.Bindings) {
				return parent, mc.Bindings[idx]
			}
		}
	}
	return nil, nil
}
