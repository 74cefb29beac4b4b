package txerror

import (
	_ "embed"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/inspect"
	"golang.org/x/tools/go/ast/inspector"
	"golang.org/x/tools/go/ssa"

	"github.com/drillhq/drill/analyzers/internal/analysisdoc"
	"github.com/drillhq/drill/analyzers/internal/predicate"
	"github.com/drillhq/drill/analyzers/internal/resource"
)

//go:embed doc.go
var doc string

// Analyzer reports swallowed transaction errors.
var Analyzer = &analysis.Analyzer{
	Name:      "txerror",
	Doc:       analysisdoc.MustExtract(doc, "txerror"),
	URL:       "https://pkg.go.dev/github.com/drillhq/drill/analyzers/txerror",
	Run:       run,
	Requires:  []*analysis.Analyzer{resource.Analyzer, inspect.Analyzer},
	FactTypes: []analysis.Fact{new(txFact)},
}

const sqlPath = "database/sql"

type checker struct {
	pass      *analysis.Pass
	insp      *inspector.Inspector
	facts     resource.Facts // which helpers finish or borrow a *sql.Tx
	runsOnDB  paramLookup    // which helpers run statements on a *sql.DB they are given
	readsOnly paramLookup    // which helpers only read through a *sql.Tx they are given
	reported  map[ssa.Instruction]bool
}

func run(pass *analysis.Pass) (any, error) {
	res := resource.ResultOf(pass)
	if !res.InScope() {
		return nil, nil // out of scope: no database/sql or net/http below it
	}
	c := &checker{
		pass:     pass,
		insp:     pass.ResultOf[inspect.Analyzer].(*inspector.Inspector),
		facts:    res.Facts,
		reported: map[ssa.Instruction]bool{},
	}
	c.runsOnDB, c.readsOnly = exportFacts(pass, res.Funcs())
	for _, fn := range res.Funcs() {
		c.checkFunc(fn)
	}
	return nil, nil
}

func (c *checker) checkFunc(fn *ssa.Function) {
	for _, b := range fn.Blocks {
		for _, in := range b.Instrs {
			switch in := in.(type) {
			case *ssa.Defer:
				if isCommit(predicate.Callee(&in.Call)) && !c.readOnlyTx(in.Call.Args[0]) {
					c.report(in, in.Pos(), "%s.Commit is deferred: its error is lost, and it commits even when the function fails halfway (use defer %s.Rollback() and return %s.Commit())",
						c.recvText(&in.Call), c.recvText(&in.Call), c.recvText(&in.Call))
				}
			case *ssa.Go:
				if isCommit(predicate.Callee(&in.Call)) {
					c.report(in, in.Pos(), "%s.Commit runs in a goroutine: its error is lost and nobody waits for the data to be saved", c.recvText(&in.Call))
				}
			case *ssa.Call:
				if isCommit(predicate.Callee(&in.Call)) {
					c.checkCommit(fn, in)
					continue
				}
				if src, ok := resource.SourceOf(c.facts, &in.Call); ok && src.Kind == resource.Tx {
					c.checkBegin(fn, in, src)
					continue
				}
				c.checkStatement(fn, in)
			}
		}
	}
}

// isCommit reports whether fn is (*sql.Tx).Commit. Commit and Rollback
// release a transaction rather than run SQL, so they are not in sqlcall's
// table.
func isCommit(fn *types.Func) bool { return predicate.IsMethodNamed(fn, sqlPath, "Tx", "Commit") }

// isRollback reports whether fn is (*sql.Tx).Rollback.
func isRollback(fn *types.Func) bool { return predicate.IsMethodNamed(fn, sqlPath, "Tx", "Rollback") }

// report emits one diagnostic per instruction.
func (c *checker) report(in ssa.Instruction, pos token.Pos, format string, args ...any) {
	if c.reported[in] {
		return
	}
	c.reported[in] = true
	c.pass.Reportf(pos, format, args...)
}
