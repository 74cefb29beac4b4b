// Package resourcetest lets the tests of resource.Analyzer's dependants
// keep checking facts with analysistest.
//
// analysistest checks only the facts of the analyzer it runs, and the
// closes/borrows/returns facts now belong to resource.Analyzer, not to
// sqlleak, bodyleak or txerror. WithFacts wraps such an analyzer so that it
// also exports, as a fact of its own, what resource.Analyzer found for each
// function of the package: the `// want fn:"closesParam\\(0\\)"`
// expectations in the dependants' testdata then check the shared facts on
// the very packages whose diagnostics depend on them.
package resourcetest

import (
	"slices"

	"golang.org/x/tools/go/analysis"

	"github.com/drillhq/drill/analyzers/internal/resource"
)

// Fact is resource.FuncFacts re-exported under the wrapped analyzer.
type Fact struct{ resource.FuncFacts }

// AFact implements analysis.Fact.
func (*Fact) AFact() {}

func (f *Fact) String() string { return f.FuncFacts.String() }

// WithFacts returns a copy of a, which must require resource.Analyzer,
// that runs a and then exports the package's resource facts as Facts.
func WithFacts(a *analysis.Analyzer) *analysis.Analyzer {
	if !slices.Contains(a.Requires, resource.Analyzer) {
		panic(a.Name + " does not require resource.Analyzer")
	}
	w := *a
	w.FactTypes = append(slices.Clip(a.FactTypes), new(Fact))
	w.Run = func(pass *analysis.Pass) (any, error) {
		out, err := a.Run(pass)
		if res := resource.ResultOf(pass); res.InScope() {
			for obj, f := range res.Facts.Local {
				if !f.Empty() {
					pass.ExportObjectFact(obj, &Fact{*f})
				}
			}
		}
		return out, err
	}
	return &w
}
