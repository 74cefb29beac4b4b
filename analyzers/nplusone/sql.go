package nplusone

import (
	"go/ast"
	"go/token"
	"sort"

	"golang.org/x/tools/go/ssa"

	"github.com/drillhq/drill/analyzers/internal/predicate"
	"github.com/drillhq/drill/analyzers/internal/sqlcall"
)

// sqlMethod recognises a call that sends SQL to the server: Query*,
// QueryRow* and Exec* on *sql.DB, *sql.Tx, *sql.Conn and *sql.Stmt, and
// the same methods called through an interface whose results are
// database/sql types (sqlc's DBTX) and which takes the SQL text. A
// same-named interface with other results (pgx, a cache) is not
// database/sql.
func sqlMethod(c *ssa.CallCommon) (sqlcall.Method, bool) {
	if c.IsInvoke() {
		m, ok := sqlcall.Lookup(c.Method)
		if !ok || !m.SendsSQL() || !m.Typed || m.Text < 0 {
			return sqlcall.Method{}, false
		}
		return m, true
	}
	// The static callee, not sqlcall.LookupCall's: nplusone has always
	// counted a method value or method expression (f := db.QueryContext)
	// as the method it wraps.
	// LookupText also knows sqlx's own methods (Select, Get, Queryx,
	// NamedExec, ...), which send SQL just the same.
	m, ok := sqlcall.LookupText(predicate.FuncOf(c.StaticCallee()))
	if !ok || m.On == sqlcall.OnInterface || !m.SendsSQL() {
		return sqlcall.Method{}, false
	}
	return m, true
}

// effect is what one call site does, seen from the caller.
type effect struct {
	name    string         // method or helper called, for the diagnostic
	direct  bool           // a database/sql method itself
	reads   bool           // may run a read: a Query/QueryRow whose text is not a write
	fixed   bool           // runs SQL whose text the call site does not supply
	textArg []int          // call arguments that become the SQL text
	method  sqlcall.Method // the database/sql method of a direct call
	stmt    statement      // what a direct call's SQL is known to be
	keys    map[int]string // a helper's arguments that fill its read's WHERE column = ?
}

// effectOf works out whether the call may run SQL. What invoked function
// arguments do is folded in.
//
// Exec on a prepared statement is not a query per element: it is the
// recommended way to write a batch inside one transaction, so it is left
// out here and only counts when a helper doing it is itself called per
// element.
func (c *checker) effectOf(fn *ssa.Function, call *ssa.CallCommon) (effect, bool) {
	if m, ok := sqlMethod(call); ok {
		if m.On == sqlcall.OnStmt && m.Op == sqlcall.Exec {
			return effect{}, false
		}
		e := effect{name: m.Name, direct: true, reads: c.reads(fn, call, m), method: m, stmt: c.statementOf(fn, call, m)}
		if text := m.TextArg(call); text < 0 {
			e.fixed = true
		} else {
			e.textArg = []int{text}
		}
		return e, true
	}
	var callee *ssa.Function
	if !call.IsInvoke() {
		callee = resolveFunc(call.Value)
	}
	s := c.summaryOf(callee)
	if s == nil {
		return effect{}, false
	}
	e := effect{name: callee.Name(), reads: s.reads, fixed: s.reads || s.writes || s.loopReads, keys: s.keys}
	for i := range s.text {
		if i < len(call.Args) {
			e.textArg = append(e.textArg, i)
		}
	}
	sort.Ints(e.textArg)
	for i := range s.invokes {
		if i < len(call.Args) {
			if as := c.summaryOf(resolveFunc(call.Args[i])); as != nil && (as.reads || as.writes || as.loopReads) {
				e.fixed = true
				e.reads = e.reads || as.reads
				e.keys = nil // the callback's statement, not the helper's
			}
		}
	}
	if !e.fixed && len(e.textArg) == 0 {
		return effect{}, false
	}
	return e, true
}

// resolveFunc finds the function a call target denotes: a function, a
// closure, or a local variable holding one.
func resolveFunc(v ssa.Value) *ssa.Function {
	switch v := v.(type) {
	case *ssa.Function:
		return v
	case *ssa.MakeClosure:
		return v.Fn.(*ssa.Function)
	case *ssa.UnOp:
		if v.Op != token.MUL {
			return nil
		}
		alloc, ok := v.X.(*ssa.Alloc)
		if !ok {
			return nil
		}
		var found *ssa.Function
		for _, r := range predicate.Referrers(alloc) {
			if st, ok := r.(*ssa.Store); ok && st.Addr == alloc {
				f := resolveFunc(st.Val)
				if f == nil || found != nil && found != f {
					return nil
				}
				found = f
			}
		}
		return found
	}
	return nil
}

// astArg maps an SSA call argument index to the source expression.
func astArg(call *ast.CallExpr, c *ssa.CallCommon, i int) ast.Expr {
	if !c.IsInvoke() {
		if callee := c.StaticCallee(); callee != nil && callee.Signature.Recv() != nil {
			if i == 0 {
				if sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr); ok {
					return sel.X
				}
				return nil
			}
			i--
		}
	}
	if i >= 0 && i < len(call.Args) {
		return call.Args[i]
	}
	return nil
}
