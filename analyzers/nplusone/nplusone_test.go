package nplusone_test

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/drillhq/drill/analyzers/nplusone"
)

func TestAnalyzer(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), nplusone.Analyzer, "blog", "authors", "dbgen", "lookalike", "methodvalue", "writes", "workers", "importer", "sqlxloops", "txloop")
}
