package policy_test

import (
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/drillhq/drill/analyzers/policy"
)

// runFixtures runs the Analyzer on the fixtures package, whose non-test
// files use names its test files declare. Only its test variant compiles,
// as in drill's grading module, where go vet checks only that variant;
// analysistest loads the plain variant too and says it did not type-check.
// Those complaints are expected; any other (an unmatched want, an
// unexpected diagnostic) fails the test.
func runFixtures(t *testing.T) {
	t.Helper()
	var r recorder
	analysistest.Run(&r, analysistest.TestData(), policy.Analyzer, "fixtures")
	plainFailed := false
	for _, e := range r.errs {
		switch {
		case strings.HasPrefix(e, "error analyzing policy@fixtures: "):
			plainFailed = true
		case strings.Contains(e, "fixtures/fixtures.go:") && strings.Contains(e, "undefined"):
			// A type error of the plain variant.
		default:
			t.Error(e)
		}
	}
	if !plainFailed {
		t.Error("the plain fixtures package type-checked: it no longer uses the tests' names, so the test proves nothing")
	}
}

func TestTestNames(t *testing.T) {
	runFixtures(t)
}

// No -policy.allow spares a use of the tests' names, whatever it holds.
func TestTestNamesNotAllowListable(t *testing.T) {
	allowKeys(t, "orders,fixtures.orders,helper,limit,fixture,total,rows,reset,hidden,"+
		"string .drill,import testing,os.Args")
	runFixtures(t)
}
