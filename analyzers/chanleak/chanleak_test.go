package chanleak_test

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/drillhq/drill/analyzers/chanleak"
)

func TestAnalyzer(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), chanleak.Analyzer, "fanout")
}

// TestShapes covers a channel made in a function literal, a select default,
// senders that loop, an integer range and a channel made in each iteration.
func TestShapes(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), chanleak.Analyzer, "shapes")
}

// TestResults covers a receiver that ranges over results and returns on the
// first error, beside the buffered, select and errgroup look-alikes.
func TestResults(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), chanleak.Analyzer, "results")
}

// TestReady covers a readiness signal that an error path in the goroutine
// skips while the function waits on it alone.
func TestReady(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), chanleak.Analyzer, "ready")
}
