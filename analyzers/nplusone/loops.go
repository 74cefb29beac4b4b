package nplusone

import (
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/ast/inspector"
	"golang.org/x/tools/go/ssa"

	"github.com/drillhq/drill/analyzers/internal/flow"
	"github.com/drillhq/drill/analyzers/internal/predicate"
)

// collection describes a loop that visits every element of a collection.
// A loop that is not over one reports false, with worker set when it is a
// queue worker's loop over the jobs a statement claimed.
type collection struct {
	name   string // source text of the collection
	rows   bool   // a for rows.Next() loop
	worker bool   // a for rows.Next() loop over claimed jobs: not a collection
}

func (c *checker) collectionOf(fn *ssa.Function, loop ast.Stmt) (collection, bool) {
	info := c.pass.TypesInfo
	switch l := loop.(type) {
	case *ast.RangeStmt:
		x := ast.Unparen(l.X)
		if _, ok := x.(*ast.CompositeLit); ok {
			return collection{}, false // a fixed list written in the source
		}
		if id, ok := x.(*ast.Ident); ok && (c.litVars[info.Uses[id]] || c.fixedLocal(fn, info.Uses[id])) {
			return collection{}, false
		}
		t := info.TypeOf(x)
		if t == nil {
			return collection{}, false
		}
		switch u := t.Underlying().(type) {
		case *types.Slice:
			if isBatch(u.Elem()) {
				return collection{}, false
			}
			return collection{name: types.ExprString(x)}, true
		case *types.Map:
			return collection{name: types.ExprString(x)}, true
		case *types.Array:
			if isBatch(u.Elem()) {
				return collection{}, false
			}
			return collection{name: types.ExprString(x)}, true
		case *types.Pointer:
			if arr, ok := u.Elem().Underlying().(*types.Array); ok && !isBatch(arr.Elem()) {
				return collection{name: types.ExprString(x)}, true
			}
		case *types.Basic:
			// for i := range len(posts)
			if y := lenArg(info, x); y != nil {
				return collection{name: types.ExprString(y)}, true
			}
		}
	case *ast.ForStmt:
		switch cond := ast.Unparen(l.Cond).(type) {
		case *ast.CallExpr:
			sel, ok := ast.Unparen(cond.Fun).(*ast.SelectorExpr)
			if ok && sel.Sel.Name == "Next" && len(cond.Args) == 0 && predicate.IsTypeNamed(predicate.Unpointer(info.TypeOf(sel.X)), "database/sql", "Rows") {
				if c.claimedRows(fn, cond) {
					return collection{worker: true}, false
				}
				return collection{name: types.ExprString(sel.X), rows: true}, true
			}
		case *ast.BinaryExpr:
			// for i := 0; i < len(posts); i++
			if cond.Op == token.LSS || cond.Op == token.LEQ {
				if strides(info, l.Post) {
					// for start := 0; start < len(ids); start += batch:
					// one query per chunk of ids, how large IN lists are split.
					return collection{}, false
				}
				if y := lenArg(info, cond.Y); y != nil {
					return collection{name: types.ExprString(y)}, true
				}
			}
		}
	}
	return collection{}, false
}

// strides reports whether a loop's post statement advances its index by
// more than one element at a time (i += batch, i = i + size): such a loop
// visits chunks, not elements. A step that is the constant 1 is not a stride.
func strides(info *types.Info, post ast.Stmt) bool {
	as, ok := post.(*ast.AssignStmt)
	if !ok || len(as.Lhs) != 1 || len(as.Rhs) != 1 {
		return false
	}
	var step ast.Expr
	switch as.Tok {
	case token.ADD_ASSIGN:
		step = as.Rhs[0]
	case token.ASSIGN:
		bin, ok := ast.Unparen(as.Rhs[0]).(*ast.BinaryExpr)
		if !ok || bin.Op != token.ADD {
			return false
		}
		lhs := predicate.Ident(as.Lhs[0])
		if lhs == nil {
			return false
		}
		obj := info.ObjectOf(lhs)
		x, y := predicate.Ident(bin.X), predicate.Ident(bin.Y)
		switch {
		case obj == nil:
			return false
		case x != nil && info.ObjectOf(x) == obj:
			step = bin.Y
		case y != nil && info.ObjectOf(y) == obj:
			step = bin.X
		default:
			return false
		}
	default:
		return false
	}
	if tv, ok := info.Types[step]; ok && tv.Value != nil {
		one := constant.MakeInt64(1)
		return constant.Compare(tv.Value, token.GTR, one)
	}
	return true // a variable batch size
}

// isBatch reports whether a collection's elements are themselves lists:
// ranging over chunks of ids runs one query per chunk, which is how large
// IN lists are meant to be split. A []byte element is one value.
func isBatch(elem types.Type) bool {
	switch u := elem.Underlying().(type) {
	case *types.Slice:
		return !predicate.IsBasicKind(u.Elem(), types.Byte)
	case *types.Array:
		return !predicate.IsBasicKind(u.Elem(), types.Byte)
	}
	return false
}

// lenArg returns x when e is len(x) over a slice, array or map.
func lenArg(info *types.Info, e ast.Expr) ast.Expr {
	call, ok := ast.Unparen(e).(*ast.CallExpr)
	if !ok || len(call.Args) != 1 || !predicate.IsBuiltin(info, call, "len") {
		return nil
	}
	switch info.TypeOf(call.Args[0]).Underlying().(type) {
	case *types.Slice, *types.Map, *types.Array:
		if _, lit := ast.Unparen(call.Args[0]).(*ast.CompositeLit); lit {
			return nil
		}
		return call.Args[0]
	}
	return nil
}

// literalVars finds package-level variables initialised with a composite
// literal: fixed lists such as migration statements or seed rows.
func literalVars(info *types.Info, root inspector.Cursor) map[types.Object]bool {
	out := map[types.Object]bool{}
	for file := range root.Children() {
		for decl := range file.Children() {
			gd, ok := decl.Node().(*ast.GenDecl)
			if !ok || gd.Tok != token.VAR {
				continue
			}
			for _, spec := range gd.Specs {
				vs := spec.(*ast.ValueSpec)
				for i, name := range vs.Names {
					if i < len(vs.Values) {
						if _, ok := ast.Unparen(vs.Values[i]).(*ast.CompositeLit); ok {
							out[info.Defs[name]] = true
						}
					}
				}
			}
		}
	}
	return out
}

// enclosingLoops returns the for and range statements whose loop body
// contains call, innermost first, up to the function the call is in.
func enclosingLoops(call inspector.Cursor) []inspector.Cursor {
	pos := call.Node().(*ast.CallExpr).Lparen
	var loops []inspector.Cursor
	for cur := range call.Enclosing((*ast.ForStmt)(nil), (*ast.RangeStmt)(nil), (*ast.FuncLit)(nil), (*ast.FuncDecl)(nil)) {
		switch n := cur.Node().(type) {
		case *ast.FuncLit, *ast.FuncDecl:
			return loops
		case ast.Stmt:
			if lb := flow.LoopBody(n); lb.Pos() <= pos && pos < lb.End() {
				loops = append(loops, cur)
			}
		}
	}
	return loops
}

// inCollectionLoop reports whether the call at pos in fn runs once per
// element of fn's innermost loop over a collection (or per job of a worker
// loop) and depends on the element: that loop is where it repeats, and
// where it is judged. Callers of fn are not told about such a read.
func (c *checker) inCollectionLoop(fn *ssa.Function, pos token.Pos) bool {
	if !pos.IsValid() {
		return false
	}
	if in, ok := c.inLoop[pos]; ok {
		return in
	}
	in := false
	if body, graph := c.graphOf(fn); body != nil && graph != nil {
		if cur, ok := callAt(c.funcCursor(fn), pos); ok {
			for _, loop := range enclosingLoops(cur) {
				stmt := loop.Node().(ast.Stmt)
				coll, ok := c.collectionOf(fn, stmt)
				if !(ok || coll.worker) || !flow.PerIteration(graph, stmt, pos) {
					continue
				}
				info, expr := c.pass.TypesInfo, cur.Node().(*ast.CallExpr)
				// A fan-out over the shards in the collection queries on
				// every call of fn, however many elements the caller has. A
				// transaction begun per element is not a fan-out: the loop
				// still visits rows.
				if predicate.Mentions(info, expr, c.varying(loop)) && !perDatabase(info, expr, elementVars(info, stmt)) {
					in = true
				}
				break
			}
		}
	}
	c.inLoop[pos] = in
	return in
}

// varying is the cached varying set of a loop.
func (c *checker) varying(loop inspector.Cursor) map[types.Object]bool {
	if v, ok := c.varsOf[loop]; ok {
		return v
	}
	v := varying(c.pass.TypesInfo, loop)
	c.varsOf[loop] = v
	return v
}

// elementVars returns the variables a loop header binds to the current
// element: the range key and value, or the index of a counting loop.
func elementVars(info *types.Info, loop ast.Stmt) map[types.Object]bool {
	v := map[types.Object]bool{}
	add := func(e ast.Expr) {
		if id := predicate.Ident(e); id != nil {
			if obj := info.ObjectOf(id); obj != nil {
				v[obj] = true
			}
		}
	}
	switch l := loop.(type) {
	case *ast.RangeStmt:
		add(l.Key)
		add(l.Value)
	case *ast.ForStmt:
		if as, ok := l.Init.(*ast.AssignStmt); ok {
			for _, lhs := range as.Lhs {
				add(lhs)
			}
		}
	}
	return v
}

// fixedLocal reports whether obj is a local variable that holds a list
// written in the source: declared from a non-empty composite literal
// (tables := []string{"feeds", "entries"}) and never written again, its
// elements and address included, nor handed to a call when it is a map
// that the callee could fill.
func (c *checker) fixedLocal(fn *ssa.Function, obj types.Object) bool {
	v, ok := obj.(*types.Var)
	if !ok || v.IsField() || v.Parent() == nil || v.Parent() == v.Pkg().Scope() || fn == nil {
		return false
	}
	if f, ok := c.fixed[obj]; ok {
		return f
	}
	f := c.writtenOnceFromLiteral(fn, v)
	c.fixed[obj] = f
	return f
}

// writtenOnceFromLiteral does fixedLocal's search of the function that
// declares v.
func (c *checker) writtenOnceFromLiteral(fn *ssa.Function, v *types.Var) bool {
	var obj types.Object = v
	for fn.Parent() != nil {
		fn = fn.Parent() // a closure's list may be declared around it
	}
	fnCur := c.funcCursor(fn)
	if fnCur.Node() != fn.Syntax() {
		return false
	}
	info := c.pass.TypesInfo
	_, isMap := v.Type().Underlying().(*types.Map)
	isObj := func(e ast.Expr) bool {
		id := predicate.Ident(rootOf(e))
		return id != nil && info.ObjectOf(id) == obj
	}
	fixed := false
	for cur := range fnCur.Preorder((*ast.AssignStmt)(nil), (*ast.ValueSpec)(nil), (*ast.IncDecStmt)(nil), (*ast.UnaryExpr)(nil), (*ast.RangeStmt)(nil), (*ast.CallExpr)(nil)) {
		switch n := cur.Node().(type) {
		case *ast.AssignStmt:
			for i, l := range n.Lhs {
				if !isObj(l) {
					continue
				}
				if id := predicate.Ident(l); id != nil && info.Defs[id] == obj && len(n.Rhs) == len(n.Lhs) && nonEmptyLit(n.Rhs[i]) {
					fixed = true
					continue
				}
				return false
			}
		case *ast.ValueSpec:
			for i, name := range n.Names {
				if info.Defs[name] == obj {
					if i >= len(n.Values) || !nonEmptyLit(n.Values[i]) {
						return false
					}
					fixed = true
				}
			}
		case *ast.IncDecStmt:
			if isObj(n.X) {
				return false
			}
		case *ast.UnaryExpr:
			if n.Op == token.AND && isObj(n.X) {
				return false
			}
		case *ast.RangeStmt:
			if n.Tok == token.ASSIGN && (n.Key != nil && isObj(n.Key) || n.Value != nil && isObj(n.Value)) {
				return false
			}
		case *ast.CallExpr:
			if isMap && mentionsAny(info, n.Args, map[types.Object]bool{obj: true}) {
				return false
			}
		}
	}
	return fixed
}

func nonEmptyLit(e ast.Expr) bool {
	lit, ok := ast.Unparen(e).(*ast.CompositeLit)
	return ok && len(lit.Elts) > 0
}
