package nplusone

import (
	"fmt"
	"go/ast"
	"go/types"
	"sort"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ast/inspector"
	"golang.org/x/tools/go/cfg"
	"golang.org/x/tools/go/ssa"

	"github.com/drillhq/drill/analyzers/internal/flow"
	"github.com/drillhq/drill/analyzers/internal/predicate"
	"github.com/drillhq/drill/analyzers/internal/sqlcall"
)

// finding is one call that runs a query per element of a loop.
type finding struct {
	loop ast.Stmt
	expr *ast.CallExpr
	name string // the call as the message names it
	msg  string
}

// checkSite judges one call against the loops around it, innermost first:
// the first loop over a collection that runs it once per element decides.
func (c *checker) checkSite(fn *ssa.Function, st site, graph *cfg.CFG, vars func(inspector.Cursor) map[types.Object]bool, scripts map[inspector.Cursor]bool) (finding, bool) {
	info := c.pass.TypesInfo
	e, expr := st.e, st.expr
	for _, loop := range st.loops {
		if scripts[loop] {
			return finding{}, false
		}
		stmt := loop.Node().(ast.Stmt)
		coll, ok := c.collectionOf(fn, stmt)
		if coll.worker && flow.PerIteration(graph, stmt, st.call.Pos()) {
			return finding{}, false // one claimed job per iteration
		}
		if !ok || !flow.PerIteration(graph, stmt, st.call.Pos()) {
			continue
		}
		v := vars(loop)
		if !predicate.Mentions(info, expr, v) {
			continue // the same statement every time: not per element
		}
		if perDatabase(info, expr, v) {
			return finding{}, false // one query per shard or replica: a fan-out, not N+1
		}
		key, report := c.judge(st, v)
		if !report {
			return finding{}, false
		}
		name := e.name
		if !e.direct {
			name = helperName(expr, e)
		}
		return finding{loop: stmt, expr: expr, name: name, msg: message(e, name, coll, key)}, true
	}
	return finding{}, false
}

// judge decides whether a per-element call is an N+1 a batch replaces, and
// names the column the batch selects on when it can.
//
// A read is one. A write is one only when every iteration applies the same
// change to one row keyed by the element (UPDATE/DELETE ... WHERE id = ?):
// an INSERT, an upsert or INSERT ... SELECT writes a distinct row per
// element, a helper that only writes is not judged, and a prepared
// statement's writes are the recommended batch inside one transaction.
func (c *checker) judge(st site, v map[types.Object]bool) (key string, report bool) {
	e := st.e
	if e.reads {
		if e.direct {
			return c.directKey(st, v), true
		}
		return c.helperKey(st, v), true
	}
	if !e.direct || e.method.On == sqlcall.OnStmt {
		return "", false
	}
	switch e.stmt.kind {
	case kindInsert, kindSchema, kindSelect:
		return "", false
	}
	info := c.pass.TypesInfo
	arg := uniformWrite(info, st.expr, &st.call.Call, e, v)
	if arg < 0 {
		return "", false
	}
	base, okBase := sqlArgBase(info, st.expr, &st.call.Call, e.method)
	keys, okKeys := whereKeys(e.stmt.toks)
	if e.stmt.text == "" || !okBase || !okKeys {
		return "", true // text not known whole: judged by its arguments alone, as before
	}
	col, keyed := keys[arg-base]
	// SET version = ? per migration step changes one row to many values:
	// the element is not the key, and no WHERE ... IN replaces the loop.
	return col, keyed
}

// directKey names the column of a per-element read when exactly one of its
// arguments changes per iteration and it fills a WHERE column = ?.
func (c *checker) directKey(st site, v map[types.Object]bool) string {
	info := c.pass.TypesInfo
	e, expr := st.e, st.expr
	base, ok := sqlArgBase(info, expr, &st.call.Call, e.method)
	keys, okKeys := whereKeys(e.stmt.toks)
	if !ok || !okKeys || e.stmt.text == "" {
		return ""
	}
	col := ""
	for i := base; i < len(expr.Args); i++ {
		if !predicate.Mentions(info, expr.Args[i], v) {
			continue
		}
		k, isKey := keys[i-base]
		if !isKey || col != "" || expr.Ellipsis.IsValid() && i == len(expr.Args)-1 {
			return "" // a composite key, or values built per element
		}
		col = k
	}
	return col
}

// helperKey names the column of a helper's read when the helper's summary
// maps the one argument that changes per iteration to a WHERE column.
func (c *checker) helperKey(st site, v map[types.Object]bool) string {
	col := ""
	for j, k := range st.e.keys {
		a := astArg(st.expr, &st.call.Call, j)
		if a == nil || !predicate.Mentions(c.pass.TypesInfo, a, v) {
			continue
		}
		if col != "" && col != k {
			return ""
		}
		col = k
	}
	return col
}

// sqlArgBase returns the index in expr.Args of the first argument after the
// SQL text: the one that fills the first placeholder. A prepared
// statement's arguments follow the context, if any.
func sqlArgBase(info *types.Info, expr *ast.CallExpr, call *ssa.CallCommon, m sqlcall.Method) (int, bool) {
	if i := m.TextArg(call); i >= 0 {
		text := astArg(expr, call, i)
		for j, a := range expr.Args {
			if a == text {
				return j + 1, true
			}
		}
		return 0, false
	}
	if m.On != sqlcall.OnStmt {
		return 0, false
	}
	base := 0
	if strings.HasSuffix(m.Name, "Context") {
		base = 1
	}
	if sel, ok := ast.Unparen(expr.Fun).(*ast.SelectorExpr); ok {
		if s, ok := info.Selections[sel]; ok && s.Kind() == types.MethodExpr {
			base++ // (*sql.Stmt).QueryRowContext(stmt, ctx, id)
		}
	}
	return base, true
}

// report emits one diagnostic per loop: the first call that queries per
// element, naming the others, which are also attached as related
// positions. One import loop calling four helpers is one problem to fix.
func (c *checker) report(found []finding) {
	sort.SliceStable(found, func(i, j int) bool { return found[i].expr.Lparen < found[j].expr.Lparen })
	byLoop := map[ast.Stmt][]finding{}
	var order []ast.Stmt
	for _, f := range found {
		if _, seen := byLoop[f.loop]; !seen {
			order = append(order, f.loop)
		}
		byLoop[f.loop] = append(byLoop[f.loop], f)
	}
	for _, loop := range order {
		fs := byLoop[loop]
		first := fs[0]
		msg := first.msg
		var related []analysis.RelatedInformation
		if rest := fs[1:]; len(rest) > 0 {
			names := make([]string, len(rest))
			for i, f := range rest {
				line := c.pass.Fset.Position(f.expr.Lparen).Line
				names[i] = fmt.Sprintf("%s (line %d)", f.name, line)
				related = append(related, analysis.RelatedInformation{Pos: f.expr.Lparen, End: f.expr.End(), Message: f.name + " also queries once per element"})
			}
			calls := "call in this loop that queries"
			if len(rest) > 1 {
				calls = "calls in this loop that query"
			}
			msg += fmt.Sprintf("; and %d more %s per element: %s", len(rest), calls, strings.Join(names, ", "))
		}
		c.pass.Report(analysis.Diagnostic{Pos: first.expr.Lparen, End: first.expr.End(), Message: msg, Related: related})
	}
}
