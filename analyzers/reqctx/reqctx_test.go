package reqctx_test

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/drillhq/drill/analyzers/reqctx"
)

func TestAnalyzer(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), reqctx.Analyzer, "handlers", "repo")
}

// TestExemptions covers the places Background is not reported (a default
// for a parameter, a comparison, a composite literal element), through
// parentheses, beside the look-alikes that are.
func TestExemptions(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), reqctx.Analyzer, "exempt", "testhelp")
}

// TestDetach covers detaching in a handler literal's own body and a closure
// that can reattach the request context.
func TestDetach(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), reqctx.Analyzer, "detach")
}
