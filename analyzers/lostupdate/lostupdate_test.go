package lostupdate_test

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/drillhq/drill/analyzers/lostupdate"
)

func TestAnalyzer(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), lostupdate.Analyzer, "stock", "lookalike")
}
