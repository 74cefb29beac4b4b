package bodyleak_test

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/drillhq/drill/analyzers/bodyleak"
)

// TestBodyLeak checks diagnostics, facts (respx's helpers are used from
// webhooks) and the suggested defer fixes against the .golden files. One
// run loads net/http once for all packages.
func TestBodyLeak(t *testing.T) {
	analysistest.RunWithSuggestedFixes(t, analysistest.TestData(), bodyleak.Analyzer,
		"client", "respx", "webhooks", "fixes")
}
