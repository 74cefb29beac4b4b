// Package analyzers holds the single registry of drill's analyzers.
//
// Every analyzer lives in its own package below this one; the learner CLI
// (drill check), the curriculum proof (drill verify) and cmd/drill-vet all
// take their list from All, so an analyzer added here is graded, vetted and
// explained everywhere at once. Grading rules, which are no bugs, are kept
// apart in Grading.
package analyzers

import (
	"golang.org/x/tools/go/analysis"

	"github.com/drillhq/drill/analyzers/bodyleak"
	"github.com/drillhq/drill/analyzers/chanleak"
	"github.com/drillhq/drill/analyzers/lockleak"
	"github.com/drillhq/drill/analyzers/nplusone"
	"github.com/drillhq/drill/analyzers/policy"
	"github.com/drillhq/drill/analyzers/reqctx"
	"github.com/drillhq/drill/analyzers/sharedwrite"
	"github.com/drillhq/drill/analyzers/sqlinject"
	"github.com/drillhq/drill/analyzers/sqlleak"
	"github.com/drillhq/drill/analyzers/txerror"
)

// All is every analyzer drill ships, in the order drill explain lists them.
var All = []*analysis.Analyzer{
	sqlinject.Analyzer,
	lockleak.Analyzer,
	reqctx.Analyzer,
	sqlleak.Analyzer,
	txerror.Analyzer,
	bodyleak.Analyzer,
	nplusone.Analyzer,
	sharedwrite.Analyzer,
	chanleak.Analyzer,
}

// Grading is the analyzers that judge grading rules rather than bugs: drill
// check runs them (drill being go vet's vettool) over a learner's fix, and
// drill-vet never does, since outside grading they would only be noise.
// They are not in All, so drill explain and drill-vet do not list them.
var Grading = []*analysis.Analyzer{policy.Analyzer}

// ByName returns the analyzer called name, or nil.
func ByName(name string) *analysis.Analyzer {
	for _, a := range All {
		if a.Name == name {
			return a
		}
	}
	return nil
}
