package sqlinject

import (
	_ "embed"
	"fmt"
	"go/ast"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/types/typeutil"

	"github.com/drillhq/drill/analyzers/internal/analysisdoc"
)

//go:embed doc.go
var doc string

// Analyzer reports SQL text built from non-constant values.
var Analyzer = &analysis.Analyzer{
	Name: "sqlinject",
	Doc:  analysisdoc.MustExtract(doc, "sqlinject"),
	URL:  "https://pkg.go.dev/github.com/drillhq/drill/analyzers/sqlinject",
	Run:  run,
}

// sqlMethods maps the methods that take SQL text to the index of that text
// among their parameters.
var sqlMethods = map[string]int{
	"Query": 0, "QueryContext": 1,
	"QueryRow": 0, "QueryRowContext": 1,
	"Exec": 0, "ExecContext": 1,
	"Prepare": 0, "PrepareContext": 1,
}

// assign is one way a variable gets a value.
type assign struct {
	rhs    ast.Expr // the value, or nil when unknown
	elemOf ast.Expr // set for range variables: an element of this container
	zero   bool     // var x T: the zero value
	op     token.Token
	stmt   ast.Stmt // the assignment statement, for checks that follow it
}

type checker struct {
	pass    *analysis.Pass
	assigns map[*types.Var][]assign
	// elems are writes to an element of a map or slice variable (m[k] = v).
	elems map[*types.Var][]ast.Expr
	// writes are what is written into a strings.Builder or bytes.Buffer
	// variable; a nil entry means the builder escaped somewhere unknown.
	writes map[*types.Var][]ast.Expr
	params map[*types.Var]string // parameter -> its function's name
	// receivers are method receivers: their fields hold configuration.
	receivers map[*types.Var]bool
	// elemKeys are the keys of those element writes (m[k] = v).
	elemKeys map[*types.Var][]ast.Expr
	// facts are allow-list checks and the statements they protect.
	facts []*fact
	// mutations are the places a variable (or a field of it) may change.
	mutations map[*types.Var][]mutation
	funcLits  []*ast.FuncLit
	commaOK   map[*types.Var]*ast.IndexExpr // ok of "_, ok := m[k]" -> m[k]
	funcs     map[*types.Func]*ast.FuncDecl
	visit     map[any]bool
	funcRes   map[*types.Func]*finding
}

// finding is the first non-constant piece of a string and how it was
// built into the query; how is empty while no building happened.
type finding struct {
	leaf ast.Expr
	how  string
}

func run(pass *analysis.Pass) (any, error) {
	c := &checker{
		pass:      pass,
		assigns:   map[*types.Var][]assign{},
		elems:     map[*types.Var][]ast.Expr{},
		writes:    map[*types.Var][]ast.Expr{},
		params:    map[*types.Var]string{},
		receivers: map[*types.Var]bool{},
		elemKeys:  map[*types.Var][]ast.Expr{},
		mutations: map[*types.Var][]mutation{},
		commaOK:   map[*types.Var]*ast.IndexExpr{},
		funcs:     map[*types.Func]*ast.FuncDecl{},
		visit:     map[any]bool{},
		funcRes:   map[*types.Func]*finding{},
	}
	for _, f := range pass.Files {
		c.collect(f)
	}
	for _, f := range pass.Files {
		c.collectFacts(f)
	}
	for _, f := range pass.Files {
		ast.Inspect(f, func(n ast.Node) bool {
			call, ok := n.(*ast.CallExpr)
			if !ok {
				return true
			}
			idx, name := c.sqlArg(call)
			if idx < 0 || idx >= len(call.Args) {
				return true
			}
			fd := c.taint(call.Args[idx])
			if fd == nil || fd.how == "" {
				return true
			}
			pass.Reportf(call.Args[idx].Pos(),
				"the SQL passed to %s is built with %s from %s: a value the code does not control becomes part of the statement (SQL injection); send values as ? arguments and pick identifiers (columns, sort order) from an allow-list of constants",
				name, fd.how, c.describe(fd.leaf))
			return true
		})
	}
	return nil, nil
}

// sqlArg returns the index of the SQL text argument when call is one of
// the SQL methods on a database/sql type or an interface, else -1.
func (c *checker) sqlArg(call *ast.CallExpr) (int, string) {
	fn, ok := typeutil.Callee(c.pass.TypesInfo, call).(*types.Func)
	if !ok {
		return -1, ""
	}
	idx, ok := sqlMethods[fn.Name()]
	if !ok {
		return -1, ""
	}
	sig := fn.Type().(*types.Signature)
	recv := sig.Recv()
	if recv == nil || sig.Params().Len() <= idx {
		return -1, ""
	}
	if b, ok := sig.Params().At(idx).Type().Underlying().(*types.Basic); !ok || b.Kind() != types.String {
		return -1, ""
	}
	rt := recv.Type()
	if p, ok := rt.(*types.Pointer); ok {
		rt = p.Elem()
	}
	named := ""
	switch t := types.Unalias(rt).(type) {
	case *types.Named:
		if _, isIface := t.Underlying().(*types.Interface); !isIface {
			if t.Obj().Pkg() == nil || t.Obj().Pkg().Path() != "database/sql" {
				return -1, ""
			}
			switch t.Obj().Name() {
			case "DB", "Tx", "Conn":
			default:
				return -1, ""
			}
		}
		named = t.Obj().Name()
	case *types.Interface:
		named = "interface"
	default:
		return -1, ""
	}
	if sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr); ok {
		return idx, types.ExprString(sel.X) + "." + fn.Name()
	}
	return idx, named + "." + fn.Name()
}

// collect records every assignment, element write, builder write and
// parameter of the package.
func (c *checker) collect(f *ast.File) {
	varOf := func(e ast.Expr) *types.Var {
		id, ok := ast.Unparen(e).(*ast.Ident)
		if !ok {
			return nil
		}
		v, _ := c.pass.TypesInfo.ObjectOf(id).(*types.Var)
		return v
	}
	addParams := func(ft *ast.FuncType, recv *ast.FieldList, name string) {
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
	ast.Inspect(f, func(n ast.Node) bool {
		c.collectMutation(n)
		switch n := n.(type) {
		case *ast.FuncDecl:
			addParams(n.Type, n.Recv, n.Name.Name)
			if fn, ok := c.pass.TypesInfo.Defs[n.Name].(*types.Func); ok && n.Body != nil {
				c.funcs[fn] = n
			}
		case *ast.FuncLit:
			addParams(n.Type, nil, "a function literal")
			c.funcLits = append(c.funcLits, n)
		case *ast.AssignStmt:
			switch {
			case len(n.Lhs) == len(n.Rhs):
				for i, l := range n.Lhs {
					if v := varOf(l); v != nil {
						c.assigns[v] = append(c.assigns[v], assign{rhs: n.Rhs[i], op: n.Tok, stmt: n})
					} else if ix, ok := ast.Unparen(l).(*ast.IndexExpr); ok {
						if v := varOf(ix.X); v != nil {
							c.elems[v] = append(c.elems[v], n.Rhs[i])
							c.elemKeys[v] = append(c.elemKeys[v], ix.Index)
						}
					}
				}
			case len(n.Rhs) == 1:
				rhs := ast.Unparen(n.Rhs[0])
				_, isIndex := rhs.(*ast.IndexExpr)
				for i, l := range n.Lhs {
					v := varOf(l)
					if v == nil {
						continue
					}
					if i == 0 && isIndex {
						c.assigns[v] = append(c.assigns[v], assign{rhs: rhs, op: n.Tok})
					} else if i == 1 && isIndex {
						c.commaOK[v] = rhs.(*ast.IndexExpr)
						c.assigns[v] = append(c.assigns[v], assign{op: n.Tok})
					} else {
						c.assigns[v] = append(c.assigns[v], assign{op: n.Tok})
					}
				}
			}
		case *ast.ValueSpec:
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
		case *ast.RangeStmt:
			if n.Value != nil {
				if v := varOf(n.Value); v != nil {
					c.assigns[v] = append(c.assigns[v], assign{elemOf: n.X, op: token.DEFINE})
				}
			}
			if n.Key != nil {
				if v := varOf(n.Key); v != nil {
					c.assigns[v] = append(c.assigns[v], assign{op: token.DEFINE})
				}
			}
		case *ast.UnaryExpr:
			// &s handed to anything but the fmt.Fprint family (handled
			// below) may be written through: its value is unknown.
			if n.Op == token.AND {
				if v := varOf(n.X); v != nil && !isBuilder(v.Type()) {
					c.assigns[v] = append(c.assigns[v], assign{op: token.ASSIGN})
				}
			}
		case *ast.CallExpr:
			c.collectBuilderWrite(n, varOf)
		}
		return true
	})
}

// collectBuilderWrite records b.WriteString(x), fmt.Fprintf(&b, ...) and any
// other use of a strings.Builder or bytes.Buffer variable.
func (c *checker) collectBuilderWrite(call *ast.CallExpr, varOf func(ast.Expr) *types.Var) {
	if sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr); ok {
		if v := varOf(sel.X); v != nil && isBuilder(v.Type()) {
			switch sel.Sel.Name {
			case "WriteString", "Write":
				c.writes[v] = append(c.writes[v], call.Args...)
			case "WriteByte", "WriteRune", "String", "Len", "Reset", "Grow", "Cap":
			default:
				c.writes[v] = append(c.writes[v], nil)
			}
			return
		}
	}
	fn, _ := typeutil.Callee(c.pass.TypesInfo, call).(*types.Func)
	for i, a := range call.Args {
		u, ok := ast.Unparen(a).(*ast.UnaryExpr)
		if !ok || u.Op != token.AND {
			continue
		}
		v := varOf(u.X)
		if v == nil || !isBuilder(v.Type()) {
			continue
		}
		if i == 0 && fn != nil && fn.Pkg() != nil && fn.Pkg().Path() == "fmt" &&
			(fn.Name() == "Fprintf" || fn.Name() == "Fprint" || fn.Name() == "Fprintln") {
			c.writes[v] = append(c.writes[v], call.Args[1:]...)
			continue
		}
		c.writes[v] = append(c.writes[v], nil)
	}
}

func isBuilder(t types.Type) bool {
	if p, ok := t.(*types.Pointer); ok {
		t = p.Elem()
	}
	n, ok := types.Unalias(t).(*types.Named)
	if !ok || n.Obj().Pkg() == nil {
		return false
	}
	path, name := n.Obj().Pkg().Path(), n.Obj().Name()
	return path == "strings" && name == "Builder" || path == "bytes" && name == "Buffer"
}

// taint returns nil when e is built only from constants, numbers and
// allow-list lookups, else the first piece that is not.
func (c *checker) taint(e ast.Expr) *finding {
	info := c.pass.TypesInfo
	if tv, ok := info.Types[e]; ok {
		if tv.Value != nil {
			return nil
		}
		if isScalar(tv.Type) {
			return nil
		}
	}
	if c.covered(e) {
		return nil
	}
	switch e := e.(type) {
	case *ast.ParenExpr:
		return c.taint(e.X)
	case *ast.BasicLit:
		return nil
	case *ast.BinaryExpr:
		if e.Op != token.ADD {
			return nil // comparisons and arithmetic yield scalars
		}
		return built(c.first(e.X, e.Y), "+")
	case *ast.Ident:
		v, ok := info.ObjectOf(e).(*types.Var)
		if !ok {
			return nil // nil, constants, functions
		}
		return c.varTaint(v, e)
	case *ast.IndexExpr:
		if tv, ok := info.Types[e.X]; ok {
			if b, ok := tv.Type.Underlying().(*types.Basic); ok && b.Info()&types.IsString != 0 {
				return nil // a byte of a string is a number
			}
		}
		return c.containerTaint(e.X)
	case *ast.SliceExpr:
		return c.taint(e.X)
	case *ast.CallExpr:
		return c.callTaint(e)
	case *ast.SelectorExpr:
		// A field of the method's own receiver (s.tableName) is set when
		// the value is constructed: configuration such as a table name
		// chosen by the program, which placeholders cannot bind anyway.
		// Fields of parameters and other values (req.Sort) stay suspect.
		if base, ok := ast.Unparen(e.X).(*ast.Ident); ok {
			if sel := info.Selections[e]; sel != nil && sel.Kind() == types.FieldVal {
				if v, ok := info.ObjectOf(base).(*types.Var); ok && c.receivers[v] {
					return nil
				}
			}
		}
	}
	return &finding{leaf: e}
}

func isScalar(t types.Type) bool {
	if t == nil {
		return false
	}
	b, ok := t.Underlying().(*types.Basic)
	return ok && b.Info()&(types.IsNumeric|types.IsBoolean) != 0
}

// first returns the taint of the first non-constant expression.
func (c *checker) first(es ...ast.Expr) *finding {
	for _, e := range es {
		if fd := c.taint(e); fd != nil {
			return fd
		}
	}
	return nil
}

// built marks a finding as having gone through string building.
func built(fd *finding, how string) *finding {
	if fd == nil {
		return nil
	}
	if fd.how == "" {
		return &finding{leaf: fd.leaf, how: how}
	}
	return fd
}

func (c *checker) varTaint(v *types.Var, use ast.Expr) *finding {
	if _, isParam := c.params[v]; isParam {
		return &finding{leaf: use}
	}
	as, ok := c.assigns[v]
	if !ok {
		return &finding{leaf: use}
	}
	if c.visit[v] {
		return nil // a cycle (q += ...): judged by its other assignments
	}
	c.visit[v] = true
	defer delete(c.visit, v)
	for _, a := range as {
		var fd *finding
		switch {
		case a.zero:
		case a.elemOf != nil:
			fd = c.containerTaint(a.elemOf)
		case a.rhs == nil:
			fd = &finding{leaf: use}
		case c.checkedAfter(v, a.stmt):
		default:
			fd = c.taint(a.rhs)
		}
		if fd != nil {
			if a.op == token.ADD_ASSIGN {
				fd = built(fd, "+=")
			}
			return fd
		}
	}
	return nil
}

// containerTaint judges the elements of a map, slice or array expression.
func (c *checker) containerTaint(e ast.Expr) *finding { return c.elemTaint(e, false) }

// keyTaint judges the keys of a map expression: what a membership check
// (allowed[k], _, ok := allowed[k]) compares against.
func (c *checker) keyTaint(e ast.Expr) *finding { return c.elemTaint(e, true) }

func (c *checker) elemTaint(e ast.Expr, keys bool) *finding {
	switch e := ast.Unparen(e).(type) {
	case *ast.CompositeLit:
		for _, el := range e.Elts {
			if kv, ok := el.(*ast.KeyValueExpr); ok {
				el = kv.Value
				if keys {
					el = kv.Key
				}
			}
			if fd := c.taint(el); fd != nil {
				return fd
			}
		}
		return nil
	case *ast.Ident:
		v, ok := c.pass.TypesInfo.ObjectOf(e).(*types.Var)
		if !ok {
			return nil
		}
		if _, isParam := c.params[v]; isParam {
			return &finding{leaf: e}
		}
		as, ok := c.assigns[v]
		if !ok {
			return &finding{leaf: e}
		}
		if c.visit[v] {
			return nil
		}
		c.visit[v] = true
		defer delete(c.visit, v)
		for _, a := range as {
			var fd *finding
			switch {
			case a.zero:
			case a.rhs == nil || a.elemOf != nil:
				fd = &finding{leaf: e}
			default:
				fd = c.elemTaint(a.rhs, keys)
			}
			if fd != nil {
				return fd
			}
		}
		written := c.elems[v]
		if keys {
			written = c.elemKeys[v]
		}
		for _, w := range written {
			if fd := c.taint(w); fd != nil {
				return fd
			}
		}
		return nil
	case *ast.CallExpr:
		if id, ok := ast.Unparen(e.Fun).(*ast.Ident); ok {
			if b, ok := c.pass.TypesInfo.ObjectOf(id).(*types.Builtin); ok {
				switch b.Name() {
				case "make":
					return nil
				case "append":
					if len(e.Args) == 0 {
						return nil
					}
					if fd := c.elemTaint(e.Args[0], keys); fd != nil {
						return fd
					}
					if e.Ellipsis.IsValid() {
						return c.elemTaint(e.Args[len(e.Args)-1], keys)
					}
					return built(c.first(e.Args[1:]...), "append")
				}
			}
		}
		return &finding{leaf: e}
	case *ast.SliceExpr:
		return c.elemTaint(e.X, keys)
	}
	if tv, ok := c.pass.TypesInfo.Types[e]; ok && tv.IsNil() {
		return nil
	}
	return &finding{leaf: e}
}

func (c *checker) callTaint(call *ast.CallExpr) *finding {
	info := c.pass.TypesInfo
	// A conversion such as string(b) is as safe as its operand.
	if tv, ok := info.Types[call.Fun]; ok && tv.IsType() && len(call.Args) == 1 {
		if at, ok := info.Types[call.Args[0]]; ok {
			if _, isSlice := at.Type.Underlying().(*types.Slice); isSlice {
				return c.containerTaint(call.Args[0])
			}
		}
		return c.taint(call.Args[0])
	}
	fn, _ := typeutil.Callee(info, call).(*types.Func)
	if fn == nil {
		return &finding{leaf: call}
	}
	if fn.Pkg() != nil {
		switch path, name := fn.Pkg().Path(), fn.Name(); {
		case path == "fmt" && (name == "Sprintf" || name == "Sprint" || name == "Sprintln"):
			return built(c.first(call.Args...), "fmt."+name)
		case path == "strconv" && (name == "Itoa" || name == "FormatInt" || name == "FormatUint" ||
			name == "FormatFloat" || name == "FormatBool" || name == "AppendInt"):
			return nil
		case path == "strings" && name == "Repeat":
			return built(c.first(call.Args...), "strings.Repeat")
		case path == "strings" && name == "Join" && len(call.Args) == 2:
			if fd := c.containerTaint(call.Args[0]); fd != nil {
				return built(fd, "strings.Join")
			}
			return built(c.taint(call.Args[1]), "strings.Join")
		case path == "strings" && (name == "TrimSpace" || name == "TrimPrefix" || name == "TrimSuffix" ||
			name == "Trim" || name == "TrimLeft" || name == "TrimRight" || name == "ToUpper" ||
			name == "ToLower" || name == "ReplaceAll" || name == "Replace"):
			return c.first(call.Args...)
		}
		if sig, ok := fn.Type().(*types.Signature); ok && sig.Recv() != nil && isBuilder(sig.Recv().Type()) && fn.Name() == "String" {
			if sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr); ok {
				if id, ok := ast.Unparen(sel.X).(*ast.Ident); ok {
					if v, ok := info.ObjectOf(id).(*types.Var); ok {
						return c.builderTaint(v, call)
					}
				}
			}
			return &finding{leaf: call}
		}
	}
	if fn.Pkg() == c.pass.Pkg {
		return c.funcTaint(fn, call)
	}
	return &finding{leaf: call}
}

func (c *checker) builderTaint(v *types.Var, call *ast.CallExpr) *finding {
	if _, isParam := c.params[v]; isParam {
		return &finding{leaf: call}
	}
	for _, w := range c.writes[v] {
		if w == nil {
			return &finding{leaf: call}
		}
		if fd := c.taint(w); fd != nil {
			return built(fd, "a "+types.TypeString(derefType(v.Type()), nil))
		}
	}
	return nil
}

func derefType(t types.Type) types.Type {
	if p, ok := t.(*types.Pointer); ok {
		return p.Elem()
	}
	return t
}

// funcTaint judges a same-package helper by every value it returns.
func (c *checker) funcTaint(fn *types.Func, call *ast.CallExpr) *finding {
	if fd, ok := c.funcRes[fn]; ok {
		return fd
	}
	decl := c.funcs[fn]
	if decl == nil {
		return &finding{leaf: call}
	}
	sig := fn.Type().(*types.Signature)
	res := -1
	for i := 0; i < sig.Results().Len(); i++ {
		if b, ok := sig.Results().At(i).Type().Underlying().(*types.Basic); ok && b.Kind() == types.String {
			res = i
			break
		}
	}
	if res < 0 || sig.Results().At(res).Name() != "" {
		return &finding{leaf: call} // no string result, or naked returns
	}
	if c.visit[fn] {
		return nil
	}
	c.visit[fn] = true
	defer delete(c.visit, fn)
	var out *finding
	ast.Inspect(decl.Body, func(n ast.Node) bool {
		if out != nil {
			return false
		}
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.ReturnStmt:
			if len(n.Results) == sig.Results().Len() {
				out = c.taint(n.Results[res])
			} else if len(n.Results) != 0 {
				out = &finding{leaf: call}
			}
		}
		return true
	})
	c.funcRes[fn] = out
	return out
}

// describe names the non-constant piece for the message.
func (c *checker) describe(e ast.Expr) string {
	s := types.ExprString(e)
	if len(s) > 60 {
		s = s[:57] + "..."
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
