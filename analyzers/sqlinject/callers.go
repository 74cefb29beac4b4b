package sqlinject

import (
	"go/ast"
	"go/types"

	"golang.org/x/tools/go/ast/inspector"
)

// A parameter of a function only this package can call is judged by what
// its callers pass: a helper such as refresh(view string) that every call
// site hands a constant builds its statement from constants. The functions
// judged this way are package-level functions that are not exported (or
// belong to a main package, which nothing imports) and function literals
// bound once to a local variable, and only while every use of the function
// is a direct call: a function passed as a value, or a variable assigned
// again, may be called with anything.

// paramSite is the function a parameter belongs to, and its index there.
type paramSite struct {
	fn    types.Object // the *types.Func, or the variable holding the literal
	index int
}

// collectParamSites records, for the function declared or bound at cur,
// where each of its parameters sits.
func (c *checker) collectParamSites(cur inspector.Cursor) {
	var owner types.Object
	var ft *ast.FuncType
	switch n := cur.Node().(type) {
	case *ast.FuncDecl:
		fn, ok := c.pass.TypesInfo.Defs[n.Name].(*types.Func)
		if !ok || n.Recv != nil || (fn.Exported() && c.pass.Pkg.Name() != "main") {
			return
		}
		owner, ft = fn, n.Type
	case *ast.FuncLit:
		owner, ft = c.boundTo(cur), n.Type
	}
	if owner == nil {
		return
	}
	sig, ok := owner.Type().Underlying().(*types.Signature)
	if !ok {
		return
	}
	index := 0
	for _, field := range ft.Params.List {
		names := max(len(field.Names), 1)
		for j := range names {
			if len(field.Names) > 0 && !(sig.Variadic() && index == sig.Params().Len()-1) {
				if v, ok := c.pass.TypesInfo.Defs[field.Names[j]].(*types.Var); ok {
					c.paramSites[v] = paramSite{fn: owner, index: index}
				}
			}
			index++
		}
	}
}

// boundTo returns the variable a function literal initialises
// (f := func(...) {...}, var f = func(...) {...}), or nil.
func (c *checker) boundTo(cur inspector.Cursor) types.Object {
	lit := cur.Node()
	switch p := cur.Parent().Node().(type) {
	case *ast.AssignStmt:
		for i, r := range p.Rhs {
			if r == lit && len(p.Lhs) == len(p.Rhs) {
				if id, ok := p.Lhs[i].(*ast.Ident); ok {
					return c.pass.TypesInfo.Defs[id] // nil unless defined here
				}
			}
		}
	case *ast.ValueSpec:
		for i, r := range p.Values {
			if r == lit && len(p.Names) == len(p.Values) {
				return c.pass.TypesInfo.Defs[p.Names[i]]
			}
		}
	}
	return nil
}

// collectCall records call as a direct call of the function it names.
func (c *checker) collectCall(call *ast.CallExpr) {
	var id *ast.Ident
	switch f := ast.Unparen(call.Fun).(type) {
	case *ast.Ident:
		id = f
	case *ast.IndexExpr: // an explicit instantiation, f[T](x)
		id, _ = ast.Unparen(f.X).(*ast.Ident)
	}
	if id == nil {
		return
	}
	if obj := c.pass.TypesInfo.Uses[id]; obj != nil {
		c.calls[obj] = append(c.calls[obj], call)
	}
}

// onlyCalled reports whether every use of fn in the package is a direct
// call, so that its call sites are all the values its parameters take.
func (c *checker) onlyCalled(fn types.Object) bool {
	if c.useCount == nil {
		c.useCount = map[types.Object]int{}
		for _, obj := range c.pass.TypesInfo.Uses {
			c.useCount[obj]++
		}
	}
	return c.useCount[fn] == len(c.calls[fn])
}

// paramTaint judges parameter v (read at use) by the argument every call
// site passes, with judge (taint for a string, containerTaint for a slice).
// A parameter of any other function is not constant.
func (c *checker) paramTaint(v *types.Var, use ast.Expr, judge func(ast.Expr) *finding) *finding {
	site, ok := c.paramSites[v]
	if !ok || len(c.calls[site.fn]) == 0 || !c.onlyCalled(site.fn) {
		return &finding{leaf: use}
	}
	if c.visit[v] {
		return nil // a recursive call: judged by the other call sites
	}
	c.visit[v] = true
	defer delete(c.visit, v)
	for _, call := range c.calls[site.fn] {
		if call.Ellipsis.IsValid() || site.index >= len(call.Args) || judge(call.Args[site.index]) != nil {
			return &finding{leaf: use}
		}
	}
	return nil
}
