// Package sqlleak reports database/sql resources that are not released on
// every path: rows, prepared statements, dedicated connections and pools
// that are not closed, and transactions that are neither committed nor
// rolled back.
package sqlleak

import (
	"go/types"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/buildssa"

	"github.com/drillhq/drill/analyzers/internal/scopedssa"

	"github.com/drillhq/drill/analyzers/internal/sqlapi"
)

const doc = `sql rows, stmts, conns, txs or pools left open on a path

A *sql.Rows, *sql.Stmt or *sql.Conn holds a pooled connection until it is
closed, a *sql.Tx holds one (plus its row locks) until it is committed
or rolled back, and a *sql.DB opened with sql.Open is a whole pool with a
background goroutine. Leaving one open on a single error path is enough: under
load every failing request pins another connection, the pool runs dry, and
the whole service stalls waiting for connections that never come back.
A "for rows.Next()" loop that runs to the end releases its rows, and so
does QueryRow(...).Scan; early exits from inside the loop do not. The
check follows values through SSA, treats a value that is returned, stored
or handed to an unknown function as someone else's responsibility, and
uses facts to learn which helpers close what they are given.

Bad:

	rows, err := db.QueryContext(ctx, "SELECT email, role FROM users")
	if err != nil {
		return "", err
	}
	for rows.Next() {
		var email, role string
		if err := rows.Scan(&email, &role); err != nil {
			return "", err // rows still open
		}
		if role == "admin" {
			return email, nil // rows still open
		}
	}
	return "", rows.Err()

Good:

	rows, err := db.QueryContext(ctx, "SELECT email, role FROM users")
	if err != nil {
		return "", err
	}
	defer rows.Close()`

// Analyzer reports unreleased database/sql resources.
var Analyzer = &analysis.Analyzer{
	Name:      "sqlleak",
	Doc:       doc,
	Run:       run,
	Requires:  []*analysis.Analyzer{scopedssa.Analyzer},
	FactTypes: []analysis.Fact{new(resourceFact)},
}

// resourceFact records which parameters a function closes (or rolls back)
// on every path, which it merely borrows, and which results it returns
// freshly acquired.
type resourceFact struct{ sqlapi.FuncFacts }

func (*resourceFact) AFact() {}

func (f *resourceFact) String() string { return f.FuncFacts.String() }

func run(pass *analysis.Pass) (any, error) {
	ssaInfo := pass.ResultOf[scopedssa.Analyzer].(*buildssa.SSA)
	if ssaInfo.Pkg == nil {
		return nil, nil // out of scope: no database/sql or net/http below it
	}
	table := sqlapi.NewFactTable(func(fn *types.Func) *sqlapi.FuncFacts {
		var f resourceFact
		if pass.ImportObjectFact(fn, &f) {
			return &f.FuncFacts
		}
		return nil
	})
	env := &sqlapi.Env{
		Kinds: sqlapi.KindsOf(sqlapi.Rows, sqlapi.Stmt, sqlapi.Conn, sqlapi.Tx, sqlapi.DB),
		Facts: table,
	}
	for _, obj := range sqlapi.ComputeFacts(env, table, ssaInfo.SrcFuncs) {
		if f := table.Local[obj]; !f.Empty() {
			pass.ExportObjectFact(obj, &resourceFact{*f})
		}
	}
	leaks := sqlapi.FindLeaks(env, ssaInfo.SrcFuncs)
	if len(leaks) > 0 {
		sqlapi.ReportLeaks(pass, sqlapi.NewSourceIndex(pass.Fset, pass.Files), leaks)
	}
	return nil, nil
}
