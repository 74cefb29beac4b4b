package flow_test

import (
	"go/types"
	"testing"

	"golang.org/x/tools/go/ssa"

	"github.com/drillhq/drill/analyzers/internal/flow"
)

const launchSrc = `package p

import (
	"sync"

	fork "example.com/fork/errgroup"
	"golang.org/x/sync/errgroup"
)

func use(int) {}
func work()   {}

// pool has a Go method too, but it is no goroutine launcher drill knows.
type pool struct{}

func (pool) Go(f func()) {}
func (pool) Wait()       {}

func launches(wg *sync.WaitGroup, g *errgroup.Group, fg *fork.Group, p pool, n int) {
	go func() { use(n) }()
	go work()
	wg.Go(func() { use(n) })
	g.Go(func() error { use(n); return nil })
	g.TryGo(func() error { return nil })
	fg.Go(func() error { use(n); return nil })

	p.Go(func() { use(n) })
	func() { use(n) }()
	defer func() { use(n) }()
	wg.Add(1)
	_ = g.Wait()
}
`

// Launches finds go statements (of closures and of named functions),
// WaitGroup.Go and errgroup Go/TryGo, also from a forked errgroup; a
// look-alike Go method, a closure called or deferred are no launches.
func TestLaunches(t *testing.T) {
	pkg := buildSSA(t, launchSrc)
	got := flow.Launches(function(t, pkg, "launches"))
	type want struct {
		goStmt  bool // a go statement rather than a Go method call
		closure bool // the function launched captures variables
		fn      string
	}
	wants := []want{
		{true, true, "launches$1"},
		{true, false, "work"},
		{false, true, "launches$2"},
		{false, true, "launches$3"},
		{false, false, "launches$4"},
		{false, true, "launches$5"},
	}
	if len(got) != len(wants) {
		for _, l := range got {
			t.Logf("launch: %v of %s", l.Site, l.Fn.Name())
		}
		t.Fatalf("%d launches, want %d", len(got), len(wants))
	}
	for i, w := range wants {
		l := got[i]
		_, isGo := l.Site.(*ssa.Go)
		if isGo != w.goStmt || (l.Closure != nil) != w.closure || l.Fn.Name() != w.fn {
			t.Errorf("launch %d: go=%v closure=%v fn=%s, want go=%v closure=%v fn=%s",
				i, isGo, l.Closure != nil, l.Fn.Name(), w.goStmt, w.closure, w.fn)
		}
		if l.Closure != nil && l.Closure.Fn != l.Fn {
			t.Errorf("launch %d: Closure.Fn = %s, Fn = %s", i, l.Closure.Fn.Name(), l.Fn.Name())
		}
	}
}

// method returns the method name of the type typ declared in the package
// the test program imports as path ("" for the test program itself).
func method(t *testing.T, pkg *ssa.Package, path, typ, name string) *types.Func {
	t.Helper()
	decl := pkg.Pkg
	for _, imp := range pkg.Pkg.Imports() {
		if imp.Path() == path {
			decl = imp
		}
	}
	if path != "" && decl == pkg.Pkg {
		t.Fatalf("%q is not imported", path)
	}
	obj, _, _ := types.LookupFieldOrMethod(types.NewPointer(decl.Scope().Lookup(typ).Type()), true, decl, name)
	f, ok := obj.(*types.Func)
	if !ok {
		t.Fatalf("no method %s.%s in %q", typ, name, path)
	}
	return f
}

// IsLaunchMethod and IsWaitMethod name the sync and errgroup methods that
// start and wait for goroutines, and not their neighbours or look-alikes.
func TestSyncVocabulary(t *testing.T) {
	pkg := buildSSA(t, launchSrc)
	const eg, fk = "golang.org/x/sync/errgroup", "example.com/fork/errgroup"
	for _, tc := range []struct {
		path, typ, name string
		launch, wait    bool
	}{
		{"sync", "WaitGroup", "Go", true, false},
		{"sync", "WaitGroup", "Add", false, false},
		{"sync", "WaitGroup", "Wait", false, true},
		{"sync", "Cond", "Wait", false, true},
		{"sync", "Mutex", "Lock", false, false},
		{eg, "Group", "Go", true, false},
		{eg, "Group", "TryGo", true, false},
		{eg, "Group", "Wait", false, true},
		{fk, "Group", "Go", true, false},
		{fk, "Group", "Wait", false, true},
		{"", "pool", "Go", false, false},
		{"", "pool", "Wait", false, false},
	} {
		f := method(t, pkg, tc.path, tc.typ, tc.name)
		if got := flow.IsLaunchMethod(f); got != tc.launch {
			t.Errorf("IsLaunchMethod(%s.%s.%s) = %v, want %v", tc.path, tc.typ, tc.name, got, tc.launch)
		}
		if got := flow.IsWaitMethod(f); got != tc.wait {
			t.Errorf("IsWaitMethod(%s.%s.%s) = %v, want %v", tc.path, tc.typ, tc.name, got, tc.wait)
		}
	}
	if flow.IsLaunchMethod(nil) || flow.IsWaitMethod(nil) {
		t.Errorf("nil is neither a launch nor a wait method")
	}
}

func TestIsErrgroupPath(t *testing.T) {
	for path, want := range map[string]bool{
		"golang.org/x/sync/errgroup":            true,
		"example.com/vendor/x/errgroup":         true,
		"errgroup":                              false,
		"/errgroup":                             false,
		"example.com/errgroupx":                 false,
		"example.com/myerrgroup":                false,
		"golang.org/x/sync/errgroup/internalpk": false,
	} {
		if got := flow.IsErrgroupPath(path); got != want {
			t.Errorf("IsErrgroupPath(%q) = %v, want %v", path, got, want)
		}
	}
}
