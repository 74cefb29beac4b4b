package sqlinject_test

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/drillhq/drill/analyzers/sqlinject"
)

func TestSQLInject(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), sqlinject.Analyzer, "injected", "safe", "guards", "querier", "stdcalls", "quoting")
}
