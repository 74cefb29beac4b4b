package sharedwrite

import (
	_ "embed"
	"go/token"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/inspect"
	"golang.org/x/tools/go/ast/inspector"
	"golang.org/x/tools/go/ssa"

	"github.com/drillhq/drill/analyzers/internal/analysisdoc"
	"github.com/drillhq/drill/analyzers/internal/flow"
	"github.com/drillhq/drill/analyzers/internal/scopedssa"
)

//go:embed doc.go
var doc string

// Analyzer reports unsynchronised writes from goroutines and handlers.
var Analyzer = &analysis.Analyzer{
	Name: "sharedwrite",
	Doc:  analysisdoc.MustExtract(doc, "sharedwrite"),
	URL:  "https://pkg.go.dev/github.com/drillhq/drill/analyzers/sharedwrite",
	// Every package, not only scopedssa's: goroutines race anywhere.
	Requires: []*analysis.Analyzer{scopedssa.AnyPackage, inspect.Analyzer},
	Run:      run,
}

type checker struct {
	pass     *analysis.Pass
	insp     *inspector.Inspector
	reported map[token.Pos]bool
	locks    map[*ssa.Function]*flow.Locks
}

func run(pass *analysis.Pass) (any, error) {
	ssainfo := pass.ResultOf[scopedssa.AnyPackage].(*scopedssa.OnDemand).SSA()
	c := &checker{
		pass:     pass,
		insp:     pass.ResultOf[inspect.Analyzer].(*inspector.Inspector),
		reported: map[token.Pos]bool{},
		locks:    map[*ssa.Function]*flow.Locks{},
	}
	for _, fn := range ssainfo.SrcFuncs {
		c.checkGoroutines(fn)
	}
	for _, h := range c.handlers(ssainfo) {
		c.checkHandler(h, map[ssa.Value]bool{}, 0)
	}
	return nil, nil
}

// lockHeld reports whether a lock is held on every path to instr in fn,
// computing fn's lock set once.
func (c *checker) lockHeld(fn *ssa.Function, instr ssa.Instruction) bool {
	l := c.locks[fn]
	if l == nil {
		l = flow.ComputeLocks(fn)
		c.locks[fn] = l
	}
	return l.HeldAt(instr)
}

// report reports w once, however many goroutines or handlers reach it.
func (c *checker) report(w write, msg string) {
	if c.reported[w.pos] || !w.pos.IsValid() {
		return
	}
	c.reported[w.pos] = true
	c.pass.Reportf(w.pos, "%s", msg)
}
