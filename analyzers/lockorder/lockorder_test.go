package lockorder_test

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/drillhq/drill/analyzers/lockorder"
)

func TestSelfDeadlock(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), lockorder.Analyzer, "self")
}

func TestOrder(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), lockorder.Analyzer, "order")
}

func TestBlocking(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), lockorder.Analyzer, "block")
}
