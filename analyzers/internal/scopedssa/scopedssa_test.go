package scopedssa_test

import (
	"reflect"
	"runtime"
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
			pass.Reportf(pass.Files[0].Package, "ssa not built")
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

// onDemandProbe checks AnyPackage's result: the SSA of a package in scope
// is scopedssa's own; out of scope it is built on demand, shared while
// held, and built again, alike, once collected.
var onDemandProbe = &analysis.Analyzer{
	Name:     "ondemandprobe",
	Doc:      "check AnyPackage's on-demand SSA",
	Requires: []*analysis.Analyzer{scopedssa.Analyzer, scopedssa.AnyPackage},
	Run: func(pass *analysis.Pass) (any, error) {
		scoped := pass.ResultOf[scopedssa.Analyzer].(*buildssa.SSA)
		d := pass.ResultOf[scopedssa.AnyPackage].(*scopedssa.OnDemand)
		first := d.SSA()
		if first.Pkg == nil || len(first.SrcFuncs) == 0 {
			pass.Reportf(pass.Files[0].Package, "no ssa")
			return nil, nil
		}
		if scoped.Pkg != nil {
			if first != scoped {
				pass.Reportf(pass.Files[0].Package, "in scope, but not scopedssa's ssa")
			}
			pass.Reportf(pass.Files[0].Package, "scoped ssa")
			return nil, nil
		}
		if d.SSA() != first {
			pass.Reportf(pass.Files[0].Package, "built twice while held")
		}
		n := len(first.SrcFuncs)
		first = nil
		runtime.GC()
		runtime.GC()
		if again := d.SSA(); len(again.SrcFuncs) != n {
			pass.Reportf(pass.Files[0].Package, "rebuilt with %d functions, first had %d", len(again.SrcFuncs), n)
		}
		pass.Reportf(pass.Files[0].Package, "ssa on demand")
		return nil, nil
	},
}

// AnyPackage hands out scopedssa's SSA in scope and builds its own outside.
func TestAnyPackage(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), onDemandProbe, "orders", "mathutil")
}
