package sqlinject_test

import (
	"path/filepath"
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/drillhq/drill/analyzers/sqlinject"
)

func TestSQLInject(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), sqlinject.Analyzer, "injected", "safe", "guards", "querier", "stdcalls", "quoting", "provenance", "sqlxcalls")
}

// In module mode, results of the module's own packages are trusted SQL
// builders unless handed the request; see modules.go.
func TestSQLInjectModule(t *testing.T) {
	analysistest.Run(t, filepath.Join(analysistest.TestData(), "modular"), sqlinject.Analyzer, "./...")
}
