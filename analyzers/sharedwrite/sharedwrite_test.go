package sharedwrite_test

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/drillhq/drill/analyzers/sharedwrite"
)

func TestAnalyzer(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), sharedwrite.Analyzer, "workers", "web")
}

// TestServed covers which functions with the handler signature are served
// (passed as values, not only called; not in test files) and how far
// methods called from a handler are followed.
func TestServed(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), sharedwrite.Analyzer, "served")
}

// TestInPlace covers handler literals that the function creating them runs
// there and then, beside ones that are registered, returned, kept or
// served from goroutines.
func TestInPlace(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), sharedwrite.Analyzer, "inplace", "lazyinit")
}
