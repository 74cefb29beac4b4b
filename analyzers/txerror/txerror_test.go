package txerror_test

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/drillhq/drill/analyzers/txerror"
)

func TestTxError(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), txerror.Analyzer, "billing", "txutil", "checkout")
}
