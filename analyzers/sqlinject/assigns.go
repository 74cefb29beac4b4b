package sqlinject

import (
	"go/ast"
	"go/token"
	"go/types"

	"github.com/drillhq/drill/analyzers/internal/predicate"
)

// assign is one way a variable gets a value.
type assign struct {
	rhs    ast.Expr // the value, or nil when unknown
	elemOf ast.Expr // set for range variables: an element of this container
	// result is set for a, b := f(): the variable is f's result at this
	// index, and rhs is the call.
	result int
	tuple  bool
	zero   bool // var x T: the zero value
	op     token.Token
	stmt   ast.Stmt // the assignment statement, for checks that follow it
}

// collectTypes are the nodes collect looks at.
var collectTypes = []ast.Node{
	(*ast.FuncDecl)(nil),
	(*ast.FuncLit)(nil),
	(*ast.AssignStmt)(nil),
	(*ast.ValueSpec)(nil),
	(*ast.RangeStmt)(nil),
	(*ast.UnaryExpr)(nil),
	(*ast.CallExpr)(nil),
	(*ast.IncDecStmt)(nil),
	(*ast.CompositeLit)(nil),
}

// collect records, in one walk over the package, every assignment, element
// write, builder write, mutation, parameter and function declaration.
func (c *checker) collect() {
	for cur := range c.root.Preorder(collectTypes...) {
		n := cur.Node()
		c.collectMutation(n)
		c.collectFieldWrite(n)
		switch n := n.(type) {
		case *ast.FuncDecl:
			c.addParams(n.Type, n.Recv, n.Name.Name)
			c.collectParamSites(cur)
			if fn, ok := c.pass.TypesInfo.Defs[n.Name].(*types.Func); ok && n.Body != nil {
				c.funcs[fn] = n
			}
		case *ast.FuncLit:
			c.addParams(n.Type, nil, "a function literal")
			c.collectParamSites(cur)
		case *ast.AssignStmt:
			c.collectAssign(n)
		case *ast.ValueSpec:
			c.collectValueSpec(n)
		case *ast.RangeStmt:
			if n.Value != nil {
				if v := c.varOf(n.Value); v != nil {
					c.assigns[v] = append(c.assigns[v], assign{elemOf: n.X, op: token.DEFINE})
				}
			}
			if n.Key != nil {
				if v := c.varOf(n.Key); v != nil {
					c.assigns[v] = append(c.assigns[v], assign{op: token.DEFINE})
				}
			}
		case *ast.UnaryExpr:
			// &s handed to anything but the fmt.Fprint family (handled
			// by collectBuilderWrite) may be written through: its value
			// is unknown.
			if n.Op == token.AND && !c.intoTrustedCall(cur) {
				if v := c.varOf(n.X); v != nil && !isBuilder(v.Type()) {
					c.assigns[v] = append(c.assigns[v], assign{op: token.ASSIGN})
				}
			}
		case *ast.CallExpr:
			c.collectBuilderWrite(n)
			c.collectCall(n)
		}
	}
}

// varOf returns the variable e (without parentheses) names, or nil.
func (c *checker) varOf(e ast.Expr) *types.Var {
	v, _ := c.pass.TypesInfo.ObjectOf(predicate.Ident(e)).(*types.Var)
	return v
}

// addParams records the receiver and parameters of a function called name.
func (c *checker) addParams(ft *ast.FuncType, recv *ast.FieldList, name string) {
	if recv != nil {
		for _, field := range recv.List {
			for _, id := range field.Names {
				if v, ok := c.pass.TypesInfo.Defs[id].(*types.Var); ok {
					c.receivers[v] = true
				}
			}
		}
	}
	for _, fl := range []*ast.FieldList{recv, ft.Params} {
		if fl == nil {
			continue
		}
		for _, field := range fl.List {
			for _, id := range field.Names {
				if v, ok := c.pass.TypesInfo.Defs[id].(*types.Var); ok {
					c.params[v] = name
				}
			}
		}
	}
}

// collectAssign records x = v, x op= v and m[k] = v; of a multi-value
// assignment only v, ok := m[k] says where a value comes from.
func (c *checker) collectAssign(n *ast.AssignStmt) {
	switch {
	case len(n.Lhs) == len(n.Rhs):
		for i, l := range n.Lhs {
			if v := c.varOf(l); v != nil {
				c.assigns[v] = append(c.assigns[v], assign{rhs: n.Rhs[i], op: n.Tok, stmt: n})
			} else if ix, ok := ast.Unparen(l).(*ast.IndexExpr); ok {
				if v := c.varOf(ix.X); v != nil {
					c.elems[v] = append(c.elems[v], n.Rhs[i])
					c.elemKeys[v] = append(c.elemKeys[v], ix.Index)
				}
			}
		}
	case len(n.Rhs) == 1:
		rhs := ast.Unparen(n.Rhs[0])
		ix, isIndex := rhs.(*ast.IndexExpr)
		for i, l := range n.Lhs {
			v := c.varOf(l)
			if v == nil {
				continue
			}
			switch {
			case i == 0 && isIndex:
				c.assigns[v] = append(c.assigns[v], assign{rhs: rhs, op: n.Tok})
			case i == 1 && isIndex:
				c.commaOK[v] = ix
				c.assigns[v] = append(c.assigns[v], assign{op: n.Tok})
			case isCall(rhs):
				c.assigns[v] = append(c.assigns[v], assign{rhs: rhs, result: i, tuple: true, op: n.Tok, stmt: n})
			default:
				c.assigns[v] = append(c.assigns[v], assign{op: n.Tok})
			}
		}
	}
}

func isCall(e ast.Expr) bool {
	_, ok := e.(*ast.CallExpr)
	return ok
}

// collectValueSpec records var x = v, var x T (the zero value) and
// var x, y = f() (unknown).
func (c *checker) collectValueSpec(n *ast.ValueSpec) {
	for i, id := range n.Names {
		v, ok := c.pass.TypesInfo.Defs[id].(*types.Var)
		if !ok {
			continue
		}
		switch {
		case len(n.Values) == len(n.Names):
			c.assigns[v] = append(c.assigns[v], assign{rhs: n.Values[i], op: token.DEFINE})
		case len(n.Values) == 0:
			c.assigns[v] = append(c.assigns[v], assign{zero: true, op: token.DEFINE})
		default:
			c.assigns[v] = append(c.assigns[v], assign{op: token.DEFINE})
		}
	}
}
