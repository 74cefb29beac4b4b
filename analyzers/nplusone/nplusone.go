package nplusone

import (
	_ "embed"
	"go/ast"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/buildssa"
	"golang.org/x/tools/go/analysis/passes/ctrlflow"
	"golang.org/x/tools/go/analysis/passes/inspect"
	"golang.org/x/tools/go/ast/inspector"
	"golang.org/x/tools/go/cfg"
	"golang.org/x/tools/go/ssa"

	"github.com/drillhq/drill/analyzers/internal/analysisdoc"
	"github.com/drillhq/drill/analyzers/internal/predicate"
	"github.com/drillhq/drill/analyzers/internal/scopedssa"
)

//go:embed doc.go
var doc string

// Analyzer reports queries executed once per element of a collection.
var Analyzer = &analysis.Analyzer{
	Name:      "nplusone",
	Doc:       analysisdoc.MustExtract(doc, "nplusone"),
	URL:       "https://pkg.go.dev/github.com/drillhq/drill/analyzers/nplusone",
	Requires:  []*analysis.Analyzer{scopedssa.Analyzer, ctrlflow.Analyzer, inspect.Analyzer},
	FactTypes: []analysis.Fact{new(queryFact)},
	Run:       run,
}

type checker struct {
	pass      *analysis.Pass
	root      inspector.Cursor // the package's syntax, to find call sites and their loops
	cfgs      *ctrlflow.CFGs
	ssaPkg    *ssa.Package
	srcFuncs  []*ssa.Function
	summaries map[*ssa.Function]*summary
	imported  map[*types.Func]*summary
	litVars   map[types.Object]bool // package-level vars initialised by a composite literal

	// caches
	stmts   map[*ssa.CallCommon]statement      // what SQL a call sends
	stored  *stores                            // values stored into globals and fields
	inLoop  map[token.Pos]bool                 // call positions inside a loop over a collection
	cursors map[*ssa.Function]inspector.Cursor // each function's syntax
	calls   map[*ssa.Function]map[token.Pos]*ssa.Call
	varsOf  map[inspector.Cursor]map[types.Object]bool // what changes per iteration of a loop
	fixed   map[types.Object]bool                      // local variables holding a list written in the source
}

func run(pass *analysis.Pass) (any, error) {
	ssainfo := pass.ResultOf[scopedssa.Analyzer].(*buildssa.SSA)
	if ssainfo.Pkg == nil {
		return nil, nil // cannot run a query: no database/sql below it
	}
	root := pass.ResultOf[inspect.Analyzer].(*inspector.Inspector).Root()
	c := &checker{
		pass:      pass,
		root:      root,
		cfgs:      pass.ResultOf[ctrlflow.Analyzer].(*ctrlflow.CFGs),
		ssaPkg:    ssainfo.Pkg,
		srcFuncs:  ssainfo.SrcFuncs,
		summaries: map[*ssa.Function]*summary{},
		imported:  map[*types.Func]*summary{},
		litVars:   literalVars(pass.TypesInfo, root),
		stmts:     map[*ssa.CallCommon]statement{},
		inLoop:    map[token.Pos]bool{},
		cursors:   map[*ssa.Function]inspector.Cursor{},
		calls:     map[*ssa.Function]map[token.Pos]*ssa.Call{},
		varsOf:    map[inspector.Cursor]map[types.Object]bool{},
		fixed:     map[types.Object]bool{},
	}
	c.summarizeAll(ssainfo.SrcFuncs)
	c.summarizeKeys(ssainfo.SrcFuncs)
	c.exportFacts(ssainfo.SrcFuncs)

	for _, fn := range ssainfo.SrcFuncs {
		c.checkLoops(fn)
	}
	return nil, nil
}

// site is a call that may run SQL, with its source expression and the
// loops of its function around it, innermost first.
type site struct {
	call  *ssa.Call
	e     effect
	expr  *ast.CallExpr
	loops []inspector.Cursor
}

func (c *checker) checkLoops(fn *ssa.Function) {
	body, graph := c.graphOf(fn)
	if body == nil || graph == nil {
		return
	}
	if predicate.IsTestFile(c.pass.Fset, body.Pos()) {
		return // seed loops in tests are not production round trips
	}
	sites := c.sites(fn)
	info := c.pass.TypesInfo
	vars := c.varying
	// A loop that runs statements taken from its elements is a migration or
	// script runner: the bookkeeping around it (recording the version) is
	// per statement too.
	scripts := map[inspector.Cursor]bool{}
	for _, st := range sites {
		if st.e.fixed || len(st.e.textArg) == 0 {
			continue
		}
		for _, loop := range st.loops {
			varies := true
			for _, i := range st.e.textArg {
				if a := astArg(st.expr, &st.call.Call, i); a == nil || !predicate.Mentions(info, a, vars(loop)) {
					varies = false
				}
			}
			if varies {
				scripts[loop] = true
			}
		}
	}
	c.checkTxLoops(fn, graph, scripts)
	var found []finding
	for _, st := range sites {
		if f, ok := c.checkSite(fn, st, graph, vars, scripts); ok {
			found = append(found, f)
		}
	}
	c.report(found)
}

// graphOf returns fn's body and control-flow graph, or nils for a function
// without syntax.
func (c *checker) graphOf(fn *ssa.Function) (*ast.BlockStmt, *cfg.CFG) {
	switch s := fn.Syntax().(type) {
	case *ast.FuncDecl:
		return s.Body, c.cfgs.FuncDecl(s)
	case *ast.FuncLit:
		return s.Body, c.cfgs.FuncLit(s)
	}
	return nil, nil
}

// sites lists fn's calls that may run SQL, each matched to its call
// expression. The function's syntax is looked up only when it has one.
func (c *checker) sites(fn *ssa.Function) []site {
	var sites []site
	var fnCur inspector.Cursor
	for _, b := range fn.Blocks {
		for _, instr := range b.Instrs {
			call, ok := instr.(*ssa.Call)
			if !ok || !call.Pos().IsValid() {
				continue
			}
			e, ok := c.effectOf(fn, &call.Call)
			if !ok {
				continue
			}
			if !fnCur.Valid() {
				fnCur = c.funcCursor(fn)
			}
			if cur, ok := callAt(fnCur, call.Pos()); ok {
				sites = append(sites, site{call: call, e: e, expr: cur.Node().(*ast.CallExpr), loops: enclosingLoops(cur)})
			}
		}
	}
	return sites
}

// funcCursor finds the cursor of a function's declaration or literal, so
// that its calls are searched for in it alone; failing that, the package.
func (c *checker) funcCursor(fn *ssa.Function) inspector.Cursor {
	if cur, ok := c.cursors[fn]; ok {
		return cur
	}
	syntax := fn.Syntax()
	cur, ok := c.root.FindByPos(syntax.Pos(), syntax.End())
	if ok && cur.Node() != syntax {
		cur, ok = cur.FindNode(syntax)
	}
	if !ok {
		cur = c.root
	}
	c.cursors[fn] = cur
	return cur
}

// callAt finds, under fn, the call expression whose opening parenthesis is
// at lparen: where SSA places a call. The one-character range excludes the
// callee expression, which ends at the parenthesis.
func callAt(fn inspector.Cursor, lparen token.Pos) (inspector.Cursor, bool) {
	cur, ok := fn.FindByPos(lparen, lparen+1)
	if !ok {
		return inspector.Cursor{}, false
	}
	if call, isCall := cur.Node().(*ast.CallExpr); !isCall || call.Lparen != lparen {
		return inspector.Cursor{}, false
	}
	return cur, true
}
