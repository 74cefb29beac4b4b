package sqlleak_test

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/drillhq/drill/analyzers/internal/resource/resourcetest"
	"github.com/drillhq/drill/analyzers/sqlleak"
)

// TestSQLLeak checks diagnostics, facts (dbutil's helpers are used from
// reports) and the suggested defer fixes against the .golden files. The
// facts are resource.Analyzer's; resourcetest exports them under sqlleak
// so that analysistest checks them too. One run loads database/sql once for
// all packages.
func TestSQLLeak(t *testing.T) {
	analysistest.RunWithSuggestedFixes(t, analysistest.TestData(), resourcetest.WithFacts(sqlleak.Analyzer),
		"orders", "dbutil", "reports", "pools", "cmdmain", "fixes", "batches", "captures", "pinned", "borrowers", "sqlxleaks")
}
