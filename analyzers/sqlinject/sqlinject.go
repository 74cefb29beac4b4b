package sqlinject

import (
	_ "embed"
	"fmt"
	"go/ast"
	"go/types"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/inspect"
	"golang.org/x/tools/go/ast/inspector"

	"github.com/drillhq/drill/analyzers/internal/analysisdoc"
	"github.com/drillhq/drill/analyzers/internal/predicate"
)

//go:embed doc.go
var doc string

// Analyzer reports SQL text built from non-constant values.
var Analyzer = &analysis.Analyzer{
	Name:     "sqlinject",
	Doc:      analysisdoc.MustExtract(doc, "sqlinject"),
	URL:      "https://pkg.go.dev/github.com/drillhq/drill/analyzers/sqlinject",
	Requires: []*analysis.Analyzer{inspect.Analyzer},
	Run:      run,
}

// The files of this package, by concern:
//
//	sources.go     which call takes SQL text, and where (via sqlcall)
//	assigns.go     the one walk collecting assignments, parameters, functions
//	mutations.go   where a variable (or part of it) may change
//	builders.go    strings.Builder and bytes.Buffer writes
//	taint.go       the walk deciding whether a value is constant
//	containers.go  the elements and keys of maps and slices
//	fields.go      struct fields judged by every write in the package
//	callers.go     parameters judged by every call site in the package
//	calls.go       calls: conversions, fmt/strings/strconv, same-package helpers
//	guards.go      collecting allow-list checks (facts) from statement lists
//	guarded.go     whether a use is protected by such a check
//	conditions.go  which conditions prove membership of an allow-list
//	regexp.go      which regexps admit only identifier characters
//	sameexpr.go    when two expressions denote the same value

// checker holds what one pass knows about the package: filled by collect
// and collectFacts, then read while judging each SQL argument.
type checker struct {
	pass *analysis.Pass
	root inspector.Cursor // the package's files, for enclosing-node questions

	assigns map[*types.Var][]assign
	// elems are writes to an element of a map or slice variable (m[k] = v).
	elems map[*types.Var][]ast.Expr
	// elemKeys are the keys of those element writes (m[k] = v).
	elemKeys map[*types.Var][]ast.Expr
	// writes are what is written into a strings.Builder or bytes.Buffer
	// variable; a nil entry means the builder escaped somewhere unknown.
	writes map[*types.Var][]ast.Expr
	params map[*types.Var]string // parameter -> its function's name
	// receivers are method receivers: their fields hold configuration.
	receivers map[*types.Var]bool
	// facts are allow-list checks and the statements they protect.
	facts []*fact
	// paramSites say which function each parameter belongs to, for those
	// whose callers are all in the package; calls are the direct calls of
	// each function, useCount every use of it (filled on first need).
	paramSites map[*types.Var]paramSite
	calls      map[types.Object][]*ast.CallExpr
	useCount   map[types.Object]int
	// fieldWrites are the writes to each struct field in the package.
	fieldWrites map[*types.Var][]fieldWrite
	// mutations are the places a variable (or a field of it) may change.
	mutations map[*types.Var][]mutation
	commaOK   map[*types.Var]*ast.IndexExpr // ok of "_, ok := m[k]" -> m[k]
	funcs     map[*types.Func]*ast.FuncDecl
	// visit breaks cycles (q += q, recursive helpers) during the walks.
	visit   map[any]bool
	funcRes map[helperResult]*finding // funcTaint's answers, per helper result
}

// finding is the first non-constant piece of a string and how it was
// built into the query; how is empty while no building happened.
type finding struct {
	leaf ast.Expr
	how  string
}

func run(pass *analysis.Pass) (any, error) {
	insp := pass.ResultOf[inspect.Analyzer].(*inspector.Inspector)
	c := &checker{
		pass:        pass,
		root:        insp.Root(),
		assigns:     map[*types.Var][]assign{},
		elems:       map[*types.Var][]ast.Expr{},
		elemKeys:    map[*types.Var][]ast.Expr{},
		writes:      map[*types.Var][]ast.Expr{},
		params:      map[*types.Var]string{},
		receivers:   map[*types.Var]bool{},
		mutations:   map[*types.Var][]mutation{},
		fieldWrites: map[*types.Var][]fieldWrite{},
		paramSites:  map[*types.Var]paramSite{},
		calls:       map[types.Object][]*ast.CallExpr{},
		commaOK:     map[*types.Var]*ast.IndexExpr{},
		funcs:       map[*types.Func]*ast.FuncDecl{},
		visit:       map[any]bool{},
		funcRes:     map[helperResult]*finding{},
	}
	// Three walks, each needing the previous one complete: the checks
	// judge their allow-lists by the package's assignments, and a use is
	// judged against every check of the package.
	c.collect()
	c.collectFacts()
	for cur := range c.root.Preorder((*ast.CallExpr)(nil)) {
		if predicate.InTestCode(pass.TypesInfo, pass.Fset, cur) {
			continue // tests build fixtures' SQL from their own data: no attacker
		}
		c.check(cur.Node().(*ast.CallExpr))
	}
	return nil, nil
}

// check reports call when it takes SQL text built from a value the code
// does not control.
func (c *checker) check(call *ast.CallExpr) {
	idx, name := c.sqlArg(call)
	if idx < 0 || idx >= len(call.Args) {
		return
	}
	fd := c.taint(call.Args[idx])
	if fd == nil || fd.how == "" {
		return // constant, or a non-constant query passed through unchanged
	}
	c.pass.Reportf(call.Args[idx].Pos(),
		"the SQL passed to %s is built with %s from %s: a value the code does not control becomes part of the statement (SQL injection); send values as ? arguments and pick identifiers (columns, sort order) from an allow-list of constants",
		name, fd.how, c.describe(fd.leaf))
}

// maxLeafLen bounds the quoted expression in a message so that a long
// call chain does not push the advice off the reader's line; longer ones
// are cut and end in an ellipsis.
const (
	maxLeafLen = 60
	ellipsis   = "..."
)

// describe names the non-constant piece for the message.
func (c *checker) describe(e ast.Expr) string {
	s := types.ExprString(e)
	if len(s) > maxLeafLen {
		s = s[:maxLeafLen-len(ellipsis)] + ellipsis
	}
	if id, ok := e.(*ast.Ident); ok {
		if v, ok := c.pass.TypesInfo.ObjectOf(id).(*types.Var); ok {
			if fn, isParam := c.params[v]; isParam {
				return fmt.Sprintf("%s (a parameter of %s)", s, fn)
			}
		}
	}
	return s
}
