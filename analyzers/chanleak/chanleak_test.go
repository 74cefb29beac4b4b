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
