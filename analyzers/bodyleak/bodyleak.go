package bodyleak

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

// Analyzer reports unclosed HTTP response bodies.
var Analyzer = &analysis.Analyzer{
	Name:      "bodyleak",
	Doc:       analysisdoc.MustExtract(doc, "bodyleak"),
	URL:       "https://pkg.go.dev/github.com/drillhq/drill/analyzers/bodyleak",
	Run:       run,
	Requires:  []*analysis.Analyzer{scopedssa.Analyzer},
	FactTypes: []analysis.Fact{new(bodyFact)},
}

// bodyFact records which parameters (responses or bodies) a function closes
// on every path, which it only reads, and which results are fresh responses.
type bodyFact struct{ sqlapi.FuncFacts }

func (*bodyFact) AFact() {}

func (f *bodyFact) String() string { return f.FuncFacts.String() }

func run(pass *analysis.Pass) (any, error) {
	ssaInfo := pass.ResultOf[scopedssa.Analyzer].(*buildssa.SSA)
	if ssaInfo.Pkg == nil {
		return nil, nil // out of scope: no database/sql or net/http below it
	}
	table := sqlapi.NewFactTable(func(fn *types.Func) *sqlapi.FuncFacts {
		var f bodyFact
		if pass.ImportObjectFact(fn, &f) {
			return &f.FuncFacts
		}
		return nil
	})
	env := &sqlapi.Env{Kinds: sqlapi.KindsOf(sqlapi.Response), Facts: table}
	for _, obj := range sqlapi.ComputeFacts(env, table, ssaInfo.SrcFuncs) {
		if f := table.Local[obj]; !f.Empty() {
			pass.ExportObjectFact(obj, &bodyFact{*f})
		}
	}
	leaks := sqlapi.FindLeaks(env, ssaInfo.SrcFuncs)
	if len(leaks) > 0 {
		sqlapi.ReportLeaks(pass, sqlapi.NewSourceIndex(pass.Fset, pass.Files), leaks)
	}
	return nil, nil
}
