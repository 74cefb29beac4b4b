package lostupdate

import (
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"

	"github.com/drillhq/drill/analyzers/internal/predicate"
	"github.com/drillhq/drill/analyzers/internal/sqlcall"
)

// Which calls of one function send constant SQL text, what they run on,
// and which Go variables a SELECT's row is scanned into.

// sqlCall is one call that sends constant SQL text.
type sqlCall struct {
	call *ast.CallExpr
	text string
	args []ast.Expr // the arguments after the text: $1 is args[0]
	recv ast.Expr   // what the method is called on (db, tx, s.db)
	pool bool       // it runs on *sql.DB: every statement is its own transaction
	dest []ast.Expr // what the row is scanned into (Scan's or Get's arguments)
	// scanEnd is where the destination holds the row: the end of the Scan
	// (or Get) call.
	scanEnd token.Pos
}

// sqlCallOf returns the SQL call c is, or false: a method of the
// database/sql table (or an interface shaped like it), or sqlx's Get and
// GetContext, called as x.Method(...) with constant text. A call spreading
// args... is left out: its placeholders cannot be matched to arguments.
func sqlCallOf(info *types.Info, texts map[types.Object]string, c *ast.CallExpr) (*sqlCall, bool) {
	sel, ok := ast.Unparen(c.Fun).(*ast.SelectorExpr)
	if !ok || c.Ellipsis.IsValid() {
		return nil, false
	}
	if s, isMethod := info.Selections[sel]; !isMethod || s.Kind() != types.MethodVal {
		return nil, false // a method expression carries the receiver in Args
	}
	fn := predicate.CalleeFunc(info, c)
	text, pool, dest := -1, false, -1
	if m, known := sqlcall.Lookup(fn); known && m.SendsSQL() && m.Text >= 0 {
		text, pool = m.Text, m.On == sqlcall.OnDB
	} else if m, known := sqlcall.LookupText(fn); known && (m.Name == "Get" || m.Name == "GetContext") && m.Text >= 0 {
		// sqlx's Get scans one row into its destination, the argument
		// before the text.
		text, pool, dest = m.Text, m.On == sqlcall.OnDB, m.Text-1
	}
	if text < 0 || text >= len(c.Args) {
		return nil, false
	}
	sql, ok := constString(info, c.Args[text])
	if !ok {
		obj := localVar(info, c.Args[text])
		sql, ok = texts[obj]
		if obj == nil || !ok {
			return nil, false
		}
	}
	sc := &sqlCall{call: c, text: sql, args: c.Args[text+1:], recv: sel.X, pool: pool}
	if dest >= 0 {
		sc.dest, sc.scanEnd = c.Args[dest:dest+1], c.End()
	}
	return sc, true
}

// constString returns the value of a constant string expression.
func constString(info *types.Info, e ast.Expr) (string, bool) {
	tv, found := info.Types[e]
	if !found || tv.Value == nil || tv.Value.Kind() != constant.String {
		return "", false
	}
	return constant.StringVal(tv.Value), true
}

// constTexts maps each local variable of body that only ever holds one
// constant string (query := `UPDATE ...`) to it. A variable also assigned
// anything else, appended to or whose address is taken is left out: its
// text at the call is not known.
func constTexts(info *types.Info, body *ast.BlockStmt) map[types.Object]string {
	texts := map[types.Object]string{}
	spoilt := map[types.Object]bool{}
	set := func(lhs ast.Expr, rhs ast.Expr, plain bool) {
		obj := localVar(info, lhs)
		if obj == nil {
			return
		}
		s, isConst := "", false
		if plain && rhs != nil {
			s, isConst = constString(info, rhs)
		}
		if old, seen := texts[obj]; !isConst || (seen && old != s) {
			spoilt[obj] = true
		}
		if isConst {
			texts[obj] = s
		}
	}
	ast.Inspect(body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.AssignStmt:
			plain := (n.Tok == token.ASSIGN || n.Tok == token.DEFINE) && len(n.Lhs) == len(n.Rhs)
			for i, lhs := range n.Lhs {
				var rhs ast.Expr
				if plain {
					rhs = n.Rhs[i]
				}
				set(lhs, rhs, plain)
			}
		case *ast.ValueSpec:
			for i, name := range n.Names {
				var rhs ast.Expr
				if len(n.Values) == len(n.Names) {
					rhs = n.Values[i]
				}
				set(name, rhs, rhs != nil)
			}
		case *ast.UnaryExpr:
			if n.Op == token.AND {
				set(n.X, nil, false)
			}
		}
		return true
	})
	for obj := range spoilt {
		delete(texts, obj)
	}
	return texts
}

// attachScans fills in the destinations of each query in calls from the
// Scan calls of body: db.QueryRow(...).Scan(&v), or row := db.QueryRow(...)
// then row.Scan(&v), or rows.Scan(&v) in the Next loop. A query scanned
// more than once (several Scan calls on its rows) keeps the first.
func attachScans(info *types.Info, body *ast.BlockStmt, calls []*sqlCall) {
	byCall := map[*ast.CallExpr]*sqlCall{}
	for _, c := range calls {
		byCall[c.call] = c
	}
	held := map[types.Object]*sqlCall{} // row or rows variable -> its query
	inspectOwn(body, func(n ast.Node) {
		switch n := n.(type) {
		case *ast.AssignStmt:
			if len(n.Rhs) != 1 {
				return
			}
			q, ok := ast.Unparen(n.Rhs[0]).(*ast.CallExpr)
			if !ok || byCall[q] == nil {
				return
			}
			if id := predicate.Ident(n.Lhs[0]); id != nil {
				if obj := info.ObjectOf(id); obj != nil {
					held[obj] = byCall[q]
				}
			}
		case *ast.CallExpr:
			sel, ok := ast.Unparen(n.Fun).(*ast.SelectorExpr)
			if !ok || sel.Sel.Name != "Scan" || n.Ellipsis.IsValid() {
				return
			}
			var q *sqlCall
			if x, isCall := ast.Unparen(sel.X).(*ast.CallExpr); isCall {
				q = byCall[x]
			} else if id := predicate.Ident(sel.X); id != nil {
				q = held[info.ObjectOf(id)]
			}
			if q != nil && q.dest == nil {
				q.dest, q.scanEnd = n.Args, n.End()
			}
		}
	})
}

// inspectOwn is ast.Inspect over body without entering function literals:
// each literal is a function of its own, analysed on its own.
func inspectOwn(body *ast.BlockStmt, visit func(ast.Node)) {
	ast.Inspect(body, func(n ast.Node) bool {
		if _, isLit := n.(*ast.FuncLit); isLit {
			return false
		}
		if n != nil {
			visit(n)
		}
		return true
	})
}

// beginOptions returns the options argument of a call that begins a
// transaction (nil when the method takes none), and whether c begins one.
func beginOptions(info *types.Info, c *ast.CallExpr) (opts ast.Expr, begins bool) {
	fn := predicate.CalleeFunc(info, c)
	if fn == nil {
		return nil, false
	}
	if m, known := sqlcall.LookupText(fn); !known || m.Op != sqlcall.Begin { // database/sql's and sqlx's
		return nil, false
	}
	if fn.Name() == "Begin" || fn.Name() == "Beginx" || fn.Name() == "MustBegin" {
		return nil, true
	}
	if len(c.Args) < 2 {
		return nil, false // an interface method of another shape: do not guess
	}
	return c.Args[1], true
}
