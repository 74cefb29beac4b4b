package resource_test

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/drillhq/drill/analyzers/internal/resource"
)

// TestAnalyzerFacts checks the exported facts, and that they cross
// packages: uses' helpers are only facts to it, imported from helpers.
func TestAnalyzerFacts(t *testing.T) {
	for _, r := range analysistest.Run(t, analysistest.TestData(), resource.Analyzer, "helpers", "uses", "plain") {
		res := r.Result.(*resource.Result)
		if inScope := r.Pass.Pkg.Path() != "plain"; res.InScope() != inScope {
			t.Errorf("%s: InScope = %v, want %v", r.Pass.Pkg.Path(), res.InScope(), inScope)
		}
		if len(r.Diagnostics) > 0 {
			t.Errorf("%s: resourcefacts reports nothing, got %v", r.Pass.Pkg.Path(), r.Diagnostics)
		}
	}
}
