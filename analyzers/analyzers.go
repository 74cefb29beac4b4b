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
	"golang.org/x/tools/go/analysis/passes/copylock"
	"golang.org/x/tools/go/analysis/passes/httpresponse"
	"golang.org/x/tools/go/analysis/passes/lostcancel"
	"golang.org/x/tools/go/analysis/passes/sqlrowserr"
	"golang.org/x/tools/go/analysis/passes/waitgroup"

	"github.com/drillhq/drill/analyzers/bodyleak"
	"github.com/drillhq/drill/analyzers/chanleak"
	"github.com/drillhq/drill/analyzers/decodecheck"
	"github.com/drillhq/drill/analyzers/lockleak"
	"github.com/drillhq/drill/analyzers/lockorder"
	"github.com/drillhq/drill/analyzers/lostupdate"
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
	lockorder.Analyzer,
	reqctx.Analyzer,
	sqlleak.Analyzer,
	txerror.Analyzer,
	bodyleak.Analyzer,
	nplusone.Analyzer,
	sharedwrite.Analyzer,
	chanleak.Analyzer,
	decodecheck.Analyzer,
	lostupdate.Analyzer,
}

// Borrowed are golang.org/x/tools passes that already find bug classes
// drill teaches: a mutex copied through a value receiver (copylock), a
// context's cancel never called (lostcancel), a response used before its
// error is checked (httpresponse), WaitGroup.Add inside the goroutine it
// counts (waitgroup), rows.Err never checked after the Next loop
// (sqlrowserr). They are registered as they are rather than written again:
// drill-vet runs them beside All (through go vet -vettool they stand in for
// vet's own copies), an exercise may name them, and drill explain lists
// them with their upstream documentation.
var Borrowed = []*analysis.Analyzer{
	copylock.Analyzer,
	lostcancel.Analyzer,
	httpresponse.Analyzer,
	waitgroup.Analyzer,
	sqlrowserr.Analyzer,
}

// Vet is what drill-vet runs: drill's analyzers, then the borrowed passes.
func Vet() []*analysis.Analyzer {
	return append(append([]*analysis.Analyzer{}, All...), Borrowed...)
}

// Grading is the analyzers that judge grading rules rather than bugs: drill
// check runs them (drill being go vet's vettool) over a learner's fix, and
// drill-vet never does, since outside grading they would only be noise.
// They are not in All, so drill explain and drill-vet do not list them.
var Grading = []*analysis.Analyzer{policy.Analyzer}

// ByName returns the analyzer, drill's own or borrowed, called name, or
// nil.
func ByName(name string) *analysis.Analyzer {
	for _, a := range Vet() {
		if a.Name == name {
			return a
		}
	}
	return nil
}
