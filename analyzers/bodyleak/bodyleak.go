package bodyleak

import (
	_ "embed"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/inspect"

	"github.com/drillhq/drill/analyzers/internal/analysisdoc"
	"github.com/drillhq/drill/analyzers/internal/resource"
)

//go:embed doc.go
var doc string

// Analyzer reports unclosed HTTP response bodies.
var Analyzer = &analysis.Analyzer{
	Name:     "bodyleak",
	Doc:      analysisdoc.MustExtract(doc, "bodyleak"),
	URL:      "https://pkg.go.dev/github.com/drillhq/drill/analyzers/bodyleak",
	Run:      run,
	Requires: []*analysis.Analyzer{resource.Analyzer, inspect.Analyzer},
}

// kinds are the resources bodyleak owns: HTTP responses, whose bodies must
// be closed.
var kinds = resource.KindsOf(resource.Response)

func run(pass *analysis.Pass) (any, error) {
	resource.Report(pass, kinds)
	return nil, nil
}
