package scopedssa_test

import (
	"reflect"
	"testing"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/analysistest"
	"golang.org/x/tools/go/analysis/passes/buildssa"

	"github.com/drillhq/drill/analyzers/internal/scopedssa"
)

// probe reports, at the package clause, whether scopedssa built SSA for the
// package, and checks that what it built lists the source functions.
var probe = &analysis.Analyzer{
	Name:       "probe",
	Doc:        "report whether scopedssa built SSA",
	Requires:   []*analysis.Analyzer{scopedssa.Analyzer},
	ResultType: reflect.TypeFor[bool](),
	Run: func(pass *analysis.Pass) (any, error) {
		res := pass.ResultOf[scopedssa.Analyzer].(*buildssa.SSA)
		if res.Pkg == nil {
			return false, nil
		}
		if len(res.SrcFuncs) == 0 {
			pass.Reportf(pass.Files[0].Package, "ssa built without source functions")
		}
		pass.Reportf(pass.Files[0].Package, "ssa built")
		return true, nil
	},
}

// SSA is built for a package that reaches database/sql, and not for one
// that reaches neither database/sql nor net/http.
func TestScope(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), probe, "orders", "mathutil")
}
