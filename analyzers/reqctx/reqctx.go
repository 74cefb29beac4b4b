package reqctx

import (
	_ "embed"
	"fmt"
	"go/ast"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/inspect"
	"golang.org/x/tools/go/ast/inspector"
	"golang.org/x/tools/go/types/typeutil"

	"github.com/drillhq/drill/analyzers/internal/analysisdoc"
	"github.com/drillhq/drill/analyzers/internal/flow"
	"github.com/drillhq/drill/analyzers/internal/predicate"
)

//go:embed doc.go
var doc string

// Analyzer reports request contexts leaked into goroutines that outlive the
// handler, and contexts replaced by context.Background in request paths.
var Analyzer = &analysis.Analyzer{
	Name:     "reqctx",
	Doc:      analysisdoc.MustExtract(doc, "reqctx"),
	URL:      "https://pkg.go.dev/github.com/drillhq/drill/analyzers/reqctx",
	Requires: []*analysis.Analyzer{inspect.Analyzer},
	Run:      run,
}

func run(pass *analysis.Pass) (any, error) {
	ins := pass.ResultOf[inspect.Analyzer].(*inspector.Inspector)
	ins.Preorder([]ast.Node{(*ast.FuncDecl)(nil), (*ast.FuncLit)(nil)}, func(n ast.Node) {
		var (
			ft   *ast.FuncType
			body *ast.BlockStmt
		)
		switch n := n.(type) {
		case *ast.FuncDecl:
			ft, body = n.Type, n.Body
		case *ast.FuncLit:
			ft, body = n.Type, n.Body
		}
		if body == nil {
			return
		}
		c := &checker{pass: pass, body: body}
		c.params(ft)
		if c.handler {
			c.taint()
			c.goroutines()
		}
		if c.source != "" {
			c.background()
		}
	})
	return nil, nil
}

type checker struct {
	pass      *analysis.Pass
	body      *ast.BlockStmt
	handler   bool   // has http.ResponseWriter and *http.Request parameters
	source    string // how to reach the caller's context: "r.Context()" or "ctx"
	paramObjs map[types.Object]bool
	tainted   map[types.Object]bool
}

func (c *checker) params(ft *ast.FuncType) {
	var writer bool
	var req, ctx string
	c.paramObjs = map[types.Object]bool{}
	for _, f := range ft.Params.List {
		for _, id := range f.Names {
			if obj := c.pass.TypesInfo.Defs[id]; obj != nil {
				c.paramObjs[obj] = true
			}
		}
		t := c.pass.TypesInfo.TypeOf(f.Type)
		name := "_"
		if len(f.Names) > 0 {
			name = f.Names[0].Name
		}
		switch {
		case t == nil:
		case predicate.IsTypeNamed(predicate.Unpointer(t), "net/http", "ResponseWriter"):
			writer = true
		case isRequestPtr(t):
			req = name
		case predicate.IsTypeNamed(predicate.Unpointer(t), "context", "Context"):
			ctx = name
		}
	}
	c.handler = writer && req != "" && req != "_"
	switch {
	case ctx != "" && ctx != "_":
		c.source = ctx
	case req != "" && req != "_":
		c.source = req + ".Context()"
	}
}

func isRequestPtr(t types.Type) bool {
	p, ok := types.Unalias(t).(*types.Pointer)
	return ok && predicate.IsTypeNamed(predicate.Unpointer(p.Elem()), "net/http", "Request")
}

// calleeFunc returns the static function or method a call invokes.
func (c *checker) calleeFunc(call *ast.CallExpr) *types.Func {
	f, _ := typeutil.Callee(c.pass.TypesInfo, call).(*types.Func)
	return f
}

func (c *checker) isPkgFunc(call *ast.CallExpr, pkg string, names ...string) bool {
	f := c.calleeFunc(call)
	if f == nil || f.Pkg() == nil || f.Pkg().Path() != pkg {
		return false
	}
	if sig, ok := f.Type().(*types.Signature); !ok || sig.Recv() != nil {
		return false
	}
	for _, n := range names {
		if f.Name() == n {
			return true
		}
	}
	return false
}

// isRequestContextCall reports a call of (*http.Request).Context.
func (c *checker) isRequestContextCall(call *ast.CallExpr) bool {
	f := c.calleeFunc(call)
	if f == nil || f.Name() != "Context" {
		return false
	}
	pkg, typ := predicate.ReceiverName(f)
	return pkg == "net/http" && typ == "Request"
}

var derivers = []string{"WithCancel", "WithCancelCause", "WithTimeout", "WithTimeoutCause",
	"WithDeadline", "WithDeadlineCause", "WithValue"}

// fromRequest reports whether e evaluates to the request's context or a
// context derived from it that still carries its cancellation.
func (c *checker) fromRequest(e ast.Expr) bool {
	switch e := ast.Unparen(e).(type) {
	case *ast.CallExpr:
		if c.isRequestContextCall(e) {
			return true
		}
		if c.isPkgFunc(e, "context", derivers...) && len(e.Args) > 0 {
			return c.fromRequest(e.Args[0])
		}
	case *ast.Ident:
		return c.tainted[c.pass.TypesInfo.ObjectOf(e)]
	}
	return false
}

// taint finds the local variables that hold the request context or a
// context derived from it (flow-insensitively, to a fixed point).
func (c *checker) taint() {
	c.tainted = map[types.Object]bool{}
	c.taintIn(c.body)
}

// taintIn adds to c.tainted the variables assigned in root from the request
// context or from an already tainted variable, to a fixed point.
func (c *checker) taintIn(root ast.Node) {
	mark := func(lhs ast.Expr) bool {
		id, ok := ast.Unparen(lhs).(*ast.Ident)
		if !ok || id.Name == "_" {
			return false
		}
		obj := c.pass.TypesInfo.ObjectOf(id)
		if obj == nil || c.tainted[obj] {
			return false
		}
		c.tainted[obj] = true
		return true
	}
	for changed := true; changed; {
		changed = false
		ast.Inspect(root, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.AssignStmt:
				if len(n.Rhs) == 1 && len(n.Lhs) >= 1 {
					// ctx := r.Context(); ctx, cancel := context.WithTimeout(ctx, d)
					if c.fromRequest(n.Rhs[0]) && mark(n.Lhs[0]) {
						changed = true
					}
					return true
				}
				for i := range n.Rhs {
					if i < len(n.Lhs) && c.fromRequest(n.Rhs[i]) && mark(n.Lhs[i]) {
						changed = true
					}
				}
			case *ast.ValueSpec:
				for i := range n.Values {
					if i < len(n.Names) && c.fromRequest(n.Values[i]) && mark(n.Names[i]) {
						changed = true
					}
				}
			}
			return true
		})
	}
}

// launched returns the function a go statement or a WaitGroup.Go /
// errgroup Go call runs on a new goroutine, as the node to search.
func (c *checker) launched(n ast.Node) ast.Node {
	switch n := n.(type) {
	case *ast.GoStmt:
		return n.Call
	case *ast.CallExpr:
		if f := c.calleeFunc(n); flow.IsLaunchMethod(f) && len(n.Args) > 0 {
			return n.Args[0]
		}
	}
	return nil
}

// requestUse finds a use of the request context inside a goroutine: a
// r.Context() call or a tainted variable, not counting uses wrapped in
// context.WithoutCancel and uses that only watch for cancellation
// (ctx.Done(), ctx.Err()).
func (c *checker) requestUse(root ast.Node) ast.Node {
	var found ast.Node
	ast.Inspect(root, func(n ast.Node) bool {
		if found != nil {
			return false
		}
		switch n := n.(type) {
		case *ast.CallExpr:
			if c.isPkgFunc(n, "context", "WithoutCancel") {
				return false
			}
			if sel, ok := ast.Unparen(n.Fun).(*ast.SelectorExpr); ok &&
				(sel.Sel.Name == "Done" || sel.Sel.Name == "Err") && len(n.Args) == 0 && c.fromRequest(sel.X) {
				return false
			}
			if c.isRequestContextCall(n) {
				found = n
				return false
			}
		case *ast.Ident:
			if _, def := c.pass.TypesInfo.Defs[n]; !def && c.tainted[c.pass.TypesInfo.ObjectOf(n)] {
				found = n
			}
		}
		return true
	})
	return found
}

// joinedAfter reports whether the handler waits for goroutines after pos:
// a Wait method of a WaitGroup, errgroup or sync.Cond, or a channel receive
// (<-ch, select, range over a channel) in the handler's own body.
func (c *checker) joinedAfter(pos token.Pos) bool {
	joined := false
	ast.Inspect(c.body, func(n ast.Node) bool {
		if joined || n == nil {
			return false
		}
		if _, ok := n.(*ast.FuncLit); ok {
			return false
		}
		if _, ok := n.(*ast.GoStmt); ok {
			return false
		}
		if n.Pos() < pos && n.End() <= pos {
			return false
		}
		switch n := n.(type) {
		case *ast.CallExpr:
			if n.Pos() >= pos && flow.IsWaitMethod(c.calleeFunc(n)) {
				joined = true
			}
		case *ast.UnaryExpr:
			if n.Pos() >= pos && n.Op == token.ARROW {
				joined = true
			}
		case *ast.RangeStmt:
			if n.Pos() >= pos {
				if _, ok := types.Unalias(c.pass.TypesInfo.TypeOf(n.X)).Underlying().(*types.Chan); ok {
					joined = true
				}
			}
		}
		return !joined
	})
	return joined
}

// goroutines reports goroutines that use the request context and are not
// waited for before the handler returns.
func (c *checker) goroutines() {
	ast.Inspect(c.body, func(n ast.Node) bool {
		if lit, ok := n.(*ast.FuncLit); ok && c.isHandlerLit(lit) {
			return false // checked on its own
		}
		root := c.launched(n)
		if root == nil {
			return true
		}
		use := c.requestUseAt(n, root)
		if use == nil || c.joinedAfter(n.End()) {
			return true
		}
		what := "the request context"
		if id, ok := use.(*ast.Ident); ok {
			what = fmt.Sprintf("%s (derived from the request context)", id.Name)
		}
		c.pass.Reportf(n.Pos(), "goroutine uses %s, which net/http cancels when the handler returns: its work fails with context canceled; detach it with context.WithoutCancel and its own timeout, or wait for the goroutine", what)
		return true
	})
}

func (c *checker) isHandlerLit(lit *ast.FuncLit) bool {
	inner := &checker{pass: c.pass}
	inner.params(lit.Type)
	return inner.handler
}

// background reports context.Background()/TODO() in the synchronous part of
// a function that has a request or a context: not in goroutines, deferred
// calls or nested function literals, and not where Background is a default
// for a nil context parameter (ctx = context.Background()), a value compared
// against (ctx != context.Background()) or a field of a composite literal.
func (c *checker) background() {
	exempt := map[ast.Expr]bool{}
	ast.Inspect(c.body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.BinaryExpr:
			if n.Op == token.EQL || n.Op == token.NEQ {
				exempt[ast.Unparen(n.X)], exempt[ast.Unparen(n.Y)] = true, true
			}
		case *ast.AssignStmt:
			for i, lhs := range n.Lhs {
				if id, ok := ast.Unparen(lhs).(*ast.Ident); ok && i < len(n.Rhs) && c.paramObjs[c.pass.TypesInfo.ObjectOf(id)] {
					exempt[ast.Unparen(n.Rhs[i])] = true
				}
			}
		case *ast.CompositeLit:
			for _, e := range n.Elts {
				if kv, ok := e.(*ast.KeyValueExpr); ok {
					e = kv.Value
				}
				exempt[ast.Unparen(e)] = true
			}
		}
		return true
	})
	ast.Inspect(c.body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit, *ast.GoStmt, *ast.DeferStmt:
			return false
		case *ast.CallExpr:
			if c.launched(n) != nil {
				return false
			}
			if !exempt[n] && c.isPkgFunc(n, "context", "Background", "TODO") {
				name := c.calleeFunc(n).Name()
				c.pass.Reportf(n.Pos(), "context.%s() drops the caller's cancellation: a cancelled or timed-out request keeps this work (and its pooled connection) running; derive the context from %s (or use context.WithoutCancel(%s) if the work must outlive the request)", name, c.source, c.source)
				return false
			}
		}
		return true
	})
}

// requestUseAt is requestUse for the goroutine launched by the statement
// at launch: a variable that held the request context earlier but was
// detached (ctx = context.WithoutCancel(ctx)) on every path to the launch,
// and is never given a request context again, does not count, nor do the
// variables the goroutine derives from it.
func (c *checker) requestUseAt(launch, root ast.Node) ast.Node {
	var detached []types.Object
	for obj := range c.tainted {
		if !inside(root, obj.Pos()) && c.detachedAt(obj, launch, root) {
			detached = append(detached, obj)
		}
	}
	if len(detached) == 0 {
		return c.requestUse(root)
	}
	saved := c.tainted
	defer func() { c.tainted = saved }()
	c.tainted = map[types.Object]bool{}
	for obj := range saved {
		if !inside(root, obj.Pos()) {
			c.tainted[obj] = true
		}
	}
	for _, obj := range detached {
		delete(c.tainted, obj)
	}
	c.taintIn(root) // re-derive what the goroutine computes from what is left
	return c.requestUse(root)
}

// inside reports whether pos lies within n.
func inside(n ast.Node, pos token.Pos) bool { return n.Pos() <= pos && pos < n.End() }

// assignment is one place a local variable gets a value.
type assignment struct {
	pos       token.Pos
	request   bool       // the value is the request context or derived from it
	blocks    []ast.Node // enclosing blocks and clauses, outermost first
	inClosure bool       // inside a function literal of the body
}

// detachedAt reports whether obj, at the launch statement, certainly holds
// a value that does not come from the request: the last assignment before
// the launch is not from the request and runs on every path to it (it sits
// in a block enclosing the launch), and no assignment after the launch or
// inside a closure can put the request context back.
func (c *checker) detachedAt(obj types.Object, launch, root ast.Node) bool {
	var (
		assigns      []assignment
		stack        []ast.Node
		launchBlocks []ast.Node
		closures     int
	)
	record := func(lhs, rhs ast.Expr) {
		id, ok := ast.Unparen(lhs).(*ast.Ident)
		if !ok || c.pass.TypesInfo.ObjectOf(id) != obj {
			return
		}
		request := rhs == nil || c.fromRequest(rhs) // no single value: assume the worst
		assigns = append(assigns, assignment{pos: id.Pos(), request: request, blocks: append([]ast.Node(nil), stack...), inClosure: closures > 0})
	}
	ast.Inspect(c.body, func(n ast.Node) bool {
		if n == nil {
			top := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			if _, ok := top.(*ast.FuncLit); ok {
				closures--
			}
			return true
		}
		if n == launch {
			launchBlocks = append([]ast.Node(nil), stack...)
		}
		switch n := n.(type) {
		case *ast.AssignStmt:
			if len(n.Lhs) == len(n.Rhs) {
				for i := range n.Lhs {
					record(n.Lhs[i], n.Rhs[i])
				}
			} else if len(n.Rhs) == 1 {
				// ctx, cancel := context.WithTimeout(...): the first result is the context.
				record(n.Lhs[0], n.Rhs[0])
				for _, l := range n.Lhs[1:] {
					record(l, nil)
				}
			}
		case *ast.ValueSpec:
			for i, name := range n.Names {
				var v ast.Expr
				if i < len(n.Values) {
					v = n.Values[i]
				}
				if v != nil || len(n.Values) == 0 {
					record(name, v)
				}
			}
		case *ast.RangeStmt:
			if n.Key != nil {
				record(n.Key, nil)
			}
			if n.Value != nil {
				record(n.Value, nil)
			}
		case *ast.UnaryExpr:
			if n.Op == token.AND {
				record(n.X, nil) // &ctx: written through a pointer
			}
		}
		if _, ok := n.(*ast.FuncLit); ok {
			closures++
		}
		stack = append(stack, n)
		return true
	})
	if launchBlocks == nil {
		return false
	}
	var last *assignment
	for i := range assigns {
		a := &assigns[i]
		if inside(root, a.pos) {
			continue // the goroutine's own assignments are checked by requestUse
		}
		if a.request && (a.inClosure || a.pos > launch.Pos()) {
			return false // the request context can come back
		}
		if a.pos < launch.Pos() && !a.inClosure && (last == nil || a.pos > last.pos) {
			last = a
		}
	}
	if last == nil || last.request {
		return false
	}
	// The last assignment dominates the launch when its innermost block is
	// one of the launch's enclosing nodes.
	for i := len(last.blocks) - 1; i >= 0; i-- {
		switch b := last.blocks[i].(type) {
		case *ast.BlockStmt, *ast.CaseClause, *ast.CommClause:
			for _, l := range launchBlocks {
				if l == b {
					return true
				}
			}
			return false
		}
	}
	return false
}
