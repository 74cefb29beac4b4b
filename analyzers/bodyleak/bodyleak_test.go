package bodyleak_test

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/drillhq/drill/analyzers/bodyleak"
	"github.com/drillhq/drill/analyzers/internal/resource/resourcetest"
)

// TestBodyLeak checks diagnostics, facts (respx's helpers are used from
// webhooks) and the suggested defer fixes against the .golden files. The
// facts are resource.Analyzer's; resourcetest exports them under bodyleak
// so that analysistest checks them too. One run loads net/http once for
// all packages.
func TestBodyLeak(t *testing.T) {
	analysistest.RunWithSuggestedFixes(t, analysistest.TestData(), resourcetest.WithFacts(bodyleak.Analyzer),
		"client", "respx", "webhooks", "fixes", "testhelp", "borrowed")
}
