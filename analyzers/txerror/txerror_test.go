package txerror_test

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/drillhq/drill/analyzers/internal/resource/resourcetest"
	"github.com/drillhq/drill/analyzers/txerror"
)

// TestTxError checks diagnostics and facts: txerror's own runsOnDB facts,
// and resource.Analyzer's borrowsParam facts for the *sql.Tx helpers
// txerror relies on, which resourcetest exports under txerror so that
// analysistest checks them too.
func TestTxError(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), resourcetest.WithFacts(txerror.Analyzer), "billing", "txutil", "checkout", "sqlxtx")
}
