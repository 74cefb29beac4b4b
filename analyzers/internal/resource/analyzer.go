package resource

import (
	"go/types"
	"reflect"
	"sync"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/buildssa"
	"golang.org/x/tools/go/ssa"

	"github.com/drillhq/drill/analyzers/internal/scopedssa"
)

// Analyzer computes the resource facts of every function (which parameters
// it closes or only borrows, which results it returns freshly acquired) and
// exports them, so that sqlleak, bodyleak and txerror share one fact per
// function instead of each computing its own. It reports nothing; its
// Result carries what the dependants need, the way ctrlflow shares its
// CFGs.
//
// Having FactTypes, it runs on every dependency of the packages analyzed;
// its dependants need not declare any to see facts from other packages.
var Analyzer = &analysis.Analyzer{
	Name:       "resourcefacts",
	Doc:        "compute which functions close, borrow or return database/sql and net/http resources",
	Run:        run,
	Requires:   []*analysis.Analyzer{scopedssa.Analyzer},
	ResultType: reflect.TypeFor[*Result](),
	FactTypes:  []analysis.Fact{new(funcFact)},
}

// funcFact is FuncFacts as an analysis.Fact. Its String is what
// analysistest's `// want fn:"closesParam\\(0\\)"` expectations match.
type funcFact struct{ FuncFacts }

func (*funcFact) AFact() {}

func (f *funcFact) String() string { return f.FuncFacts.String() }

// Result is what Analyzer hands its dependants for one package.
type Result struct {
	// SSA is the package's SSA form; SSA.Pkg is nil for packages out of
	// scope (see scopedssa), where there is nothing to check.
	SSA *buildssa.SSA
	// Facts answers for this package's functions and, through imported
	// facts, for its dependencies'. Nil when out of scope.
	Facts *FactTable

	leaksOnce sync.Once
	leaks     []*Leak
}

// InScope reports whether the package was analyzed at all.
func (r *Result) InScope() bool { return r.SSA.Pkg != nil }

// Funcs returns the package's source functions, each followed by the
// function literals inside it.
func (r *Result) Funcs() []*ssa.Function { return r.SSA.SrcFuncs }

// Leaks returns the leaks of the kinds in ks, in source order. The search
// runs once per package, on first use, for every kind: sqlleak and bodyleak
// share it, and may ask at the same time.
func (r *Result) Leaks(ks KindSet) []*Leak {
	if !r.InScope() {
		return nil
	}
	r.leaksOnce.Do(func() { r.leaks = FindLeaks(r.Facts, r.SSA.SrcFuncs) })
	var out []*Leak
	for _, l := range r.leaks {
		if ks.Has(l.Src.Kind) {
			out = append(out, l)
		}
	}
	return out
}

// ResultOf returns Analyzer's result from the pass of an analyzer that
// requires it.
func ResultOf(pass *analysis.Pass) *Result {
	return pass.ResultOf[Analyzer].(*Result)
}

func run(pass *analysis.Pass) (any, error) {
	ssaInfo := pass.ResultOf[scopedssa.Analyzer].(*buildssa.SSA)
	res := &Result{SSA: ssaInfo}
	if ssaInfo.Pkg == nil {
		return res, nil // out of scope: no database/sql or net/http below it
	}
	res.Facts = NewFactTable(func(fn *types.Func) *FuncFacts {
		var f funcFact
		if pass.ImportObjectFact(fn, &f) {
			return &f.FuncFacts
		}
		return nil
	})
	for _, obj := range ComputeFacts(res.Facts, ssaInfo.SrcFuncs) {
		if f := res.Facts.Local[obj]; !f.Empty() {
			pass.ExportObjectFact(obj, &funcFact{*f})
		}
	}
	return res, nil
}
