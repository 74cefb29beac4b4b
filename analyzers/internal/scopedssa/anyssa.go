package scopedssa

import (
	"reflect"
	"sync"
	"weak"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/buildssa"
	"golang.org/x/tools/go/analysis/passes/ctrlflow"
)

// AnyPackage gives SSA form for every package, also those Analyzer leaves
// out: lockorder and sharedwrite look for deadlocks and races wherever
// they run, whether or not the package touches database/sql or net/http.
//
// Inside Analyzer's scope it hands out Analyzer's SSA. Outside, the SSA is
// built on first use and held only weakly: an analyzer's result is kept
// until the whole run ends, so a result holding SSA for every package
// would keep all of it at once (the standard library's net/http alone is
// tens of MiB), and each user building its own copy means two copies of
// the same package alive at the same time. With the weak hold, users that
// run close together share one copy, and it is garbage once the last of
// them returns; a user that comes after a collection builds it again,
// which costs time, never a different answer (building is deterministic,
// and no user hands SSA values to another).
var AnyPackage = &analysis.Analyzer{
	Name:       "anyssa",
	Doc:        "give SSA form for any package, built on demand outside scopedssa's scope",
	Run:        runAny,
	Requires:   []*analysis.Analyzer{Analyzer, ctrlflow.Analyzer},
	ResultType: reflect.TypeFor[*OnDemand](),
}

// OnDemand is AnyPackage's result: call SSA to get the package's SSA.
type OnDemand struct {
	scoped *buildssa.SSA // Analyzer's, when the package is in its scope

	mu    sync.Mutex
	held  weak.Pointer[buildssa.SSA]
	build func() *buildssa.SSA
}

// SSA returns the package's SSA form. A caller keeps it alive by holding
// the returned value for as long as it needs it, and must not keep it in
// its own result (that would defeat the weak hold).
func (d *OnDemand) SSA() *buildssa.SSA {
	if d.scoped != nil {
		return d.scoped
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	if s := d.held.Value(); s != nil {
		return s
	}
	s := d.build()
	d.held = weak.Make(s)
	return s
}

func runAny(pass *analysis.Pass) (any, error) {
	if s := pass.ResultOf[Analyzer].(*buildssa.SSA); s.Pkg != nil {
		return &OnDemand{scoped: s}, nil
	}
	src := sourceOf(pass)
	return &OnDemand{build: func() *buildssa.SSA { return buildSSA(src) }}, nil
}
