package decodecheck_test

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/drillhq/drill/analyzers/decodecheck"
)

func TestAnalyzer(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), decodecheck.Analyzer, "ignored", "status")
}
