package sqlleak

import (
	_ "embed"
	"go/types"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/buildssa"

	"github.com/drillhq/drill/analyzers/internal/analysisdoc"
	"github.com/drillhq/drill/analyzers/internal/scopedssa"
	"github.com/drillhq/drill/analyzers/internal/sqlapi"
)

//go:embed doc.go
var doc string

// Analyzer reports unreleased database/sql resources.
var Analyzer = &analysis.Analyzer{
	Name:      "sqlleak",
	Doc:       analysisdoc.MustExtract(doc, "sqlleak"),
	URL:       "https://pkg.go.dev/github.com/drillhq/drill/analyzers/sqlleak",
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
