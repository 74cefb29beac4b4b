package sqlleak

import (
	_ "embed"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/inspect"

	"github.com/drillhq/drill/analyzers/internal/analysisdoc"
	"github.com/drillhq/drill/analyzers/internal/resource"
)

//go:embed doc.go
var doc string

// Analyzer reports unreleased database/sql resources.
var Analyzer = &analysis.Analyzer{
	Name:     "sqlleak",
	Doc:      analysisdoc.MustExtract(doc, "sqlleak"),
	URL:      "https://pkg.go.dev/github.com/drillhq/drill/analyzers/sqlleak",
	Run:      run,
	Requires: []*analysis.Analyzer{resource.Analyzer, inspect.Analyzer},
}

// kinds are the resources sqlleak owns: everything database/sql hands out
// that must be given back. Response bodies are bodyleak's.
var kinds = resource.KindsOf(resource.Rows, resource.Stmt, resource.Conn, resource.Tx, resource.DB)

func run(pass *analysis.Pass) (any, error) {
	resource.Report(pass, kinds)
	return nil, nil
}
