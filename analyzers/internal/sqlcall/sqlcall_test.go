package sqlcall

import (
	"go/ast"
	"go/importer"
	"go/parser"
	"go/token"
	"go/types"
	"testing"
)

// src calls every kind of method the table knows, plus look-alikes that
// must not match: a same-named method on a non-database/sql type, a
// database/sql method that sends nothing, and interfaces with and
// without database/sql results.
const src = `package p

import (
	"context"
	"database/sql"
)

type DBTX interface {
	QueryContext(ctx context.Context, q string, args ...any) (*sql.Rows, error)
	ExecContext(ctx context.Context, q string, args ...any) (sql.Result, error)
}

type PgxLike interface {
	Query(ctx context.Context, q string, args ...any) (any, error)
}

type Cache struct{}

func (Cache) Query(q string) string { return q }

func use(ctx context.Context, db *sql.DB, tx *sql.Tx, conn *sql.Conn, st *sql.Stmt, d DBTX, p PgxLike, c Cache) {
	db.Query("q")
	db.QueryRowContext(ctx, "q")
	db.Exec("q")
	db.PrepareContext(ctx, "q")
	db.BeginTx(ctx, nil)
	db.Conn(ctx)
	tx.ExecContext(ctx, "q")
	conn.QueryContext(ctx, "q")
	st.Exec()
	d.QueryContext(ctx, "q")
	p.Query(ctx, "q")
	c.Query("q")
	db.Ping()
	tx.Commit()
	tx.Stmt(st)
}
`

type want struct {
	ok    bool
	on    Receiver
	op    Op
	text  int
	typed bool
}

func TestLookup(t *testing.T) {
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "p.go", src, 0)
	if err != nil {
		t.Fatal(err)
	}
	info := &types.Info{Uses: map[*ast.Ident]types.Object{}, Selections: map[*ast.SelectorExpr]*types.Selection{}}
	conf := types.Config{Importer: importer.Default()}
	if _, err := conf.Check("p", fset, []*ast.File{f}, info); err != nil {
		t.Fatal(err)
	}
	cases := map[string]want{
		"db.Query":           {true, OnDB, Query, 0, true},
		"db.QueryRowContext": {true, OnDB, QueryRow, 1, true},
		"db.Exec":            {true, OnDB, Exec, 0, true},
		"db.PrepareContext":  {true, OnDB, Prepare, 1, true},
		"db.BeginTx":         {true, OnDB, Begin, -1, true},
		"db.Conn":            {true, OnDB, Reserve, -1, true},
		"tx.ExecContext":     {true, OnTx, Exec, 1, true},
		"conn.QueryContext":  {true, OnConn, Query, 1, true},
		"st.Exec":            {true, OnStmt, Exec, -1, true},
		"d.QueryContext":     {true, OnInterface, Query, 1, true},
		"p.Query":            {true, OnInterface, Query, 1, false},
		"c.Query":            {false, 0, 0, 0, false},
		"db.Ping":            {false, 0, 0, 0, false},
		"tx.Commit":          {false, 0, 0, 0, false},
		"tx.Stmt":            {false, 0, 0, 0, false},
	}
	seen := 0
	ast.Inspect(f, func(n ast.Node) bool {
		sel, ok := n.(*ast.SelectorExpr)
		if !ok {
			return true
		}
		key := sel.X.(*ast.Ident).Name + "." + sel.Sel.Name
		w, listed := cases[key]
		if !listed {
			return true
		}
		seen++
		fn, _ := info.Uses[sel.Sel].(*types.Func)
		m, ok := Lookup(fn)
		if ok != w.ok {
			t.Errorf("%s: ok = %v, want %v", key, ok, w.ok)
			return true
		}
		if ok && (m.On != w.on || m.Op != w.op || m.Text != w.text || m.Typed != w.typed || m.Name != sel.Sel.Name) {
			t.Errorf("%s: got %+v, want %+v", key, m, w)
		}
		return true
	})
	if seen != len(cases) {
		t.Errorf("saw %d of %d calls", seen, len(cases))
	}
}

func TestSendsSQL(t *testing.T) {
	for op, sends := range map[Op]bool{Query: true, QueryRow: true, Exec: true, Prepare: false, Begin: false, Reserve: false} {
		if got := (Method{Op: op}).SendsSQL(); got != sends {
			t.Errorf("Op %d: SendsSQL = %v, want %v", op, got, sends)
		}
	}
}
