package lockorder

import (
	_ "embed"
	"fmt"
	"go/token"
	"path/filepath"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ssa"

	"github.com/drillhq/drill/analyzers/internal/analysisdoc"
	"github.com/drillhq/drill/analyzers/internal/scopedssa"
)

//go:embed doc.go
var doc string

// Analyzer reports mutexes that a goroutine locks while it already holds
// them, and pairs of mutexes taken in opposite orders.
var Analyzer = &analysis.Analyzer{
	Name:     "lockorder",
	Doc:      analysisdoc.MustExtract(doc, "lockorder"),
	URL:      "https://pkg.go.dev/github.com/drillhq/drill/analyzers/lockorder",
	Requires: []*analysis.Analyzer{scopedssa.AnyPackage},
	Run:      run,
}

type checker struct {
	pass    *analysis.Pass
	pkg     *ssa.Package
	results map[*ssa.Function]*result
	gos     map[*ssa.Function][]goroutine // the goroutines each function starts
}

func run(pass *analysis.Pass) (any, error) {
	// Every package, not only scopedssa's: mutexes deadlock anywhere.
	ssainfo := pass.ResultOf[scopedssa.AnyPackage].(*scopedssa.OnDemand).SSA()
	c := &checker{pass: pass, pkg: ssainfo.Pkg, results: map[*ssa.Function]*result{}, gos: map[*ssa.Function][]goroutine{}}
	var edges []edge
	for _, fn := range ssainfo.SrcFuncs {
		r := c.analyze(fn)
		for _, s := range r.selfs {
			c.reportSelf(s)
		}
		for _, b := range r.blocks {
			c.reportBlocked(b)
		}
		edges = append(edges, r.edges...)
	}
	c.reportInversions(edges)
	return nil, nil
}

// lockName is "Lock" or "RLock".
func lockName(shared bool) string {
	if shared {
		return "RLock"
	}
	return "Lock"
}

// where is a position as "line N" in the same file as from, else
// "file.go:N".
func (c *checker) where(pos, from token.Pos) string {
	p, f := c.pass.Fset.Position(pos), c.pass.Fset.Position(from)
	if p.Filename == f.Filename {
		return fmt.Sprintf("line %d", p.Line)
	}
	return fmt.Sprintf("%s:%d", filepath.Base(p.Filename), p.Line)
}

// reportSelf reports a Lock of a mutex the goroutine already holds.
func (c *checker) reportSelf(s selfLock) {
	if s.via != nil && lockedByConvention(s.via.Name()) {
		return
	}
	m := s.now.p.String()
	var why string
	switch {
	case s.prev.shared && s.now.shared:
		why = "a writer that queues between the two RLocks blocks the second one, and the goroutine deadlocks"
	case s.prev.shared:
		why = "Lock waits for every reader to leave, this goroutine included: it deadlocks"
	default:
		why = "sync mutexes are not reentrant: the goroutine deadlocks"
	}
	what := fmt.Sprintf("%s.%s()", m, lockName(s.now.shared))
	if s.via != nil {
		what = fmt.Sprintf("%s() calls %s.%s() (%s)", s.via.Name(), m, lockName(s.now.shared), c.where(s.origin, s.now.pos))
	}
	c.pass.Reportf(s.now.pos, "%s while this goroutine already holds %s (%s at %s): %s",
		what, m, lockName(s.prev.shared), c.where(s.prev.pos, s.now.pos), why)
}

// lockedByConvention reports whether a function's name says that its
// caller holds the lock (flushLocked, removeLocked): by convention it does
// not take it again, and a lock it does take is a different design.
func lockedByConvention(name string) bool {
	return strings.HasSuffix(strings.ToLower(name), "locked")
}
