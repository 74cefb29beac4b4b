package nplusone

import (
	_ "embed"
	"fmt"
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"sort"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/buildssa"
	"golang.org/x/tools/go/analysis/passes/ctrlflow"
	"golang.org/x/tools/go/analysis/passes/inspect"
	"golang.org/x/tools/go/ast/inspector"
	"golang.org/x/tools/go/cfg"
	"golang.org/x/tools/go/ssa"

	"github.com/drillhq/drill/analyzers/internal/analysisdoc"
	"github.com/drillhq/drill/analyzers/internal/flow"
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

// queryFact marks a function that may run a database query when called.
// Indices count call arguments with the receiver, if any, first.
type queryFact struct {
	Reads      bool  // runs a Query/QueryRow whose SQL text does not come from an argument
	Writes     bool  // runs an Exec whose SQL text does not come from an argument
	TextParams []int // arguments that become the SQL text (exec(db, stmt) helpers)
	Invokes    []int // function arguments it calls before returning
}

func (*queryFact) AFact() {}

func (f *queryFact) String() string {
	var parts []string
	if f.Reads {
		parts = append(parts, "mayQuery")
	}
	if f.Writes {
		parts = append(parts, "mayExec")
	}
	if len(f.TextParams) > 0 {
		parts = append(parts, fmt.Sprintf("queryText%v", f.TextParams))
	}
	if len(f.Invokes) > 0 {
		parts = append(parts, fmt.Sprintf("invokes%v", f.Invokes))
	}
	return strings.Join(parts, " ")
}

// summary is queryFact in its working form.
type summary struct {
	reads   bool
	writes  bool
	text    map[int]bool
	invokes map[int]bool
}

func newSummary() *summary { return &summary{text: map[int]bool{}, invokes: map[int]bool{}} }

func (s *summary) empty() bool { return s.size() == 0 }

func (s *summary) size() int {
	n := len(s.text) + len(s.invokes)
	if s.reads {
		n++
	}
	if s.writes {
		n++
	}
	return n
}

type checker struct {
	pass      *analysis.Pass
	summaries map[*ssa.Function]*summary
	imported  map[*types.Func]*summary
	litVars   map[types.Object]bool // package-level vars initialised by a composite literal
}

func run(pass *analysis.Pass) (any, error) {
	ssainfo := pass.ResultOf[scopedssa.Analyzer].(*buildssa.SSA)
	if ssainfo.Pkg == nil {
		return nil, nil // cannot run a query: no database/sql below it
	}
	c := &checker{
		pass:      pass,
		summaries: map[*ssa.Function]*summary{},
		imported:  map[*types.Func]*summary{},
		litVars:   literalVars(pass),
	}
	for _, fn := range ssainfo.SrcFuncs {
		c.summaries[fn] = newSummary()
	}
	// Summaries only grow, so iterate to a fixed point.
	for changed := true; changed; {
		changed = false
		for _, fn := range ssainfo.SrcFuncs {
			s := c.summaries[fn]
			before := s.size()
			c.summarize(fn, s)
			if s.size() != before {
				changed = true
			}
		}
	}
	for _, fn := range ssainfo.SrcFuncs {
		s := c.summaries[fn]
		obj, ok := fn.Object().(*types.Func)
		if !ok || fn.Parent() != nil || s.empty() {
			continue
		}
		pass.ExportObjectFact(obj, &queryFact{Reads: s.reads, Writes: s.writes, TextParams: sorted(s.text), Invokes: sorted(s.invokes)})
	}

	cfgs := pass.ResultOf[ctrlflow.Analyzer].(*ctrlflow.CFGs)
	calls := map[token.Pos]*ast.CallExpr{}
	ins := pass.ResultOf[inspect.Analyzer].(*inspector.Inspector)
	for n := range ins.PreorderSeq((*ast.CallExpr)(nil)) {
		call := n.(*ast.CallExpr)
		calls[call.Lparen] = call
	}
	for _, fn := range ssainfo.SrcFuncs {
		c.checkLoops(fn, cfgs, calls)
	}
	return nil, nil
}

func sorted(m map[int]bool) []int {
	var out []int
	for k := range m {
		out = append(out, k)
	}
	sort.Ints(out)
	return out
}

// literalVars finds package-level variables initialised with a composite
// literal: fixed lists such as migration statements or seed rows.
func literalVars(pass *analysis.Pass) map[types.Object]bool {
	out := map[types.Object]bool{}
	for _, f := range pass.Files {
		for _, decl := range f.Decls {
			gd, ok := decl.(*ast.GenDecl)
			if !ok || gd.Tok != token.VAR {
				continue
			}
			for _, spec := range gd.Specs {
				vs := spec.(*ast.ValueSpec)
				for i, name := range vs.Names {
					if i < len(vs.Values) {
						if _, ok := ast.Unparen(vs.Values[i]).(*ast.CompositeLit); ok {
							out[pass.TypesInfo.Defs[name]] = true
						}
					}
				}
			}
		}
	}
	return out
}

// sqlCall describes a database/sql call that sends SQL to the server.
type sqlCall struct {
	method   string
	text     int // index of the SQL text in CallCommon.Args, -1 for a prepared statement
	exec     bool
	stmtExec bool // Exec on a prepared statement
}

// classifySQL recognises Query*/QueryRow*/Exec* on *sql.DB, *sql.Tx,
// *sql.Conn and *sql.Stmt, and the same methods called through an interface
// whose results are database/sql types (sqlc's DBTX). Exec on a prepared
// statement is not a query per element: it is the recommended way to write
// a batch inside one transaction, so it is marked stmtExec: reported only
// when a helper doing it is itself called per element.
func classifySQL(c *ssa.CallCommon) (sqlCall, bool) {
	var name string
	var sig *types.Signature
	offset := 0
	if c.IsInvoke() {
		name = c.Method.Name()
		sig = c.Method.Type().(*types.Signature)
		if !isQueryName(name) || !returnsSQL(sig) {
			return sqlCall{}, false
		}
	} else {
		obj := predicate.FuncOf(c.StaticCallee())
		if obj == nil {
			return sqlCall{}, false
		}
		pkg, typ := predicate.ReceiverName(obj)
		if pkg != "database/sql" {
			return sqlCall{}, false
		}
		switch typ {
		case "DB", "Tx", "Conn", "Stmt":
		default:
			return sqlCall{}, false
		}
		name = obj.Name()
		if !isQueryName(name) {
			return sqlCall{}, false
		}
		sig = obj.Type().(*types.Signature)
		offset = 1
		if typ == "Stmt" {
			exec := strings.HasPrefix(name, "Exec")
			return sqlCall{method: name, text: -1, exec: exec, stmtExec: exec}, true
		}
	}
	for i := 0; i < sig.Params().Len(); i++ {
		if b, ok := sig.Params().At(i).Type().(*types.Basic); ok && b.Kind() == types.String {
			return sqlCall{method: name, text: i + offset, exec: strings.HasPrefix(name, "Exec")}, true
		}
	}
	return sqlCall{}, false
}

func isQueryName(name string) bool {
	switch name {
	case "Query", "QueryContext", "QueryRow", "QueryRowContext", "Exec", "ExecContext":
		return true
	}
	return false
}

func returnsSQL(sig *types.Signature) bool {
	if sig.Results().Len() == 0 {
		return false
	}
	t := sig.Results().At(0).Type()
	return predicate.IsTypeNamed(predicate.Unpointer(t), "database/sql", "Rows") || predicate.IsTypeNamed(predicate.Unpointer(t), "database/sql", "Row") ||
		predicate.IsTypeNamed(predicate.Unpointer(t), "database/sql", "Result")
}

// origin says where a value comes from: which parameters, or a captured
// variable. A value with neither is fixed by the function itself.
type origin struct {
	params   map[int]bool
	captured bool
}

func originOf(fn *ssa.Function, v ssa.Value) origin {
	o := origin{params: map[int]bool{}}
	seen := map[ssa.Value]bool{}
	var walk func(v ssa.Value, depth int)
	storesInto := func(addr ssa.Value, depth int) {
		for _, r := range predicate.Referrers(addr) {
			switch r := r.(type) {
			case *ssa.Store:
				if r.Addr == addr {
					walk(r.Val, depth+1)
				}
			case *ssa.FieldAddr, *ssa.IndexAddr:
				for _, rr := range predicate.Referrers(r.(ssa.Value)) {
					if st, ok := rr.(*ssa.Store); ok && st.Addr == r.(ssa.Value) {
						walk(st.Val, depth+1)
					}
				}
			}
		}
	}
	// Follow only what can carry text: the length of a list or a LIMIT
	// number does not make the statement come from the caller.
	walk = func(v ssa.Value, depth int) {
		if v == nil || seen[v] || depth > 40 {
			return
		}
		seen[v] = true
		switch v := v.(type) {
		case *ssa.Parameter:
			for i, p := range fn.Params {
				if p == v {
					o.params[i] = true
				}
			}
		case *ssa.FreeVar:
			o.captured = true
		case *ssa.Alloc:
			storesInto(v, depth)
		case *ssa.Field:
			walk(v.X, depth+1)
		case *ssa.FieldAddr:
			walk(v.X, depth+1)
		case *ssa.Index:
			walk(v.X, depth+1)
		case *ssa.IndexAddr:
			walk(v.X, depth+1)
		case *ssa.Lookup:
			walk(v.X, depth+1)
		case *ssa.Slice:
			walk(v.X, depth+1)
		case *ssa.UnOp:
			if v.Op == token.MUL {
				walk(v.X, depth+1)
			}
		case *ssa.Extract:
			walk(v.Tuple, depth+1)
		case *ssa.ChangeType:
			walk(v.X, depth+1)
		case *ssa.Convert:
			walk(v.X, depth+1)
		case *ssa.MakeInterface:
			if textLike(v.X.Type()) {
				walk(v.X, depth+1)
			}
		case *ssa.TypeAssert:
			walk(v.X, depth+1)
		case *ssa.Phi:
			for _, e := range v.Edges {
				walk(e, depth+1)
			}
		case *ssa.BinOp:
			if textLike(v.Type()) {
				walk(v.X, depth+1)
				walk(v.Y, depth+1)
			}
		case *ssa.Call:
			if _, ok := v.Call.Value.(*ssa.Builtin); ok && v.Call.Value.Name() != "append" {
				return
			}
			for _, a := range v.Call.Args {
				if textLike(a.Type()) {
					walk(a, depth+1)
				}
			}
			if v.Call.IsInvoke() && textLike(v.Call.Value.Type()) {
				walk(v.Call.Value, depth+1)
			}
		}
	}
	walk(v, 0)
	return o
}

// textLike reports whether a value of type t can carry SQL text.
func textLike(t types.Type) bool {
	switch u := t.Underlying().(type) {
	case *types.Basic:
		return u.Info()&types.IsString != 0
	case *types.Interface:
		return true
	case *types.Slice:
		return textLike(u.Elem()) || isByte(u.Elem())
	case *types.Array:
		return textLike(u.Elem())
	case *types.Pointer:
		return textLike(u.Elem())
	}
	return false
}

func isByte(t types.Type) bool {
	b, ok := t.Underlying().(*types.Basic)
	return ok && b.Kind() == types.Byte
}

// resolveFunc finds the function a call target denotes: a function, a
// closure, or a local variable holding one.
func resolveFunc(v ssa.Value) *ssa.Function {
	switch v := v.(type) {
	case *ssa.Function:
		return v
	case *ssa.MakeClosure:
		return v.Fn.(*ssa.Function)
	case *ssa.UnOp:
		if v.Op != token.MUL {
			return nil
		}
		alloc, ok := v.X.(*ssa.Alloc)
		if !ok {
			return nil
		}
		var found *ssa.Function
		for _, r := range predicate.Referrers(alloc) {
			if st, ok := r.(*ssa.Store); ok && st.Addr == alloc {
				f := resolveFunc(st.Val)
				if f == nil || found != nil && found != f {
					return nil
				}
				found = f
			}
		}
		return found
	}
	return nil
}

// summaryOf returns what calling fn may do, from this package's summaries or
// an imported fact.
func (c *checker) summaryOf(fn *ssa.Function) *summary {
	if fn == nil {
		return nil
	}
	if s, ok := c.summaries[fn]; ok {
		return s
	}
	if fn.Origin() != nil {
		if s, ok := c.summaries[fn.Origin()]; ok {
			return s
		}
	}
	obj := predicate.FuncOf(fn)
	if obj == nil || obj.Pkg() == nil || obj.Pkg() == c.pass.Pkg {
		return nil
	}
	if s, ok := c.imported[obj]; ok {
		return s
	}
	var f queryFact
	var s *summary
	if c.pass.ImportObjectFact(obj, &f) {
		s = newSummary()
		s.reads, s.writes = f.Reads, f.Writes
		for _, i := range f.TextParams {
			s.text[i] = true
		}
		for _, i := range f.Invokes {
			s.invokes[i] = true
		}
	}
	c.imported[obj] = s
	return s
}

// effect is what one call site does, seen from the caller.
type effect struct {
	name    string // method or helper called, for the diagnostic
	direct  bool   // a database/sql method itself
	reads   bool   // may run a Query/QueryRow
	fixed   bool   // runs SQL whose text the call site does not supply
	textArg []int  // call arguments that become the SQL text
}

// effectOf works out whether the call may run SQL. What invoked function
// arguments do is folded in.
func (c *checker) effectOf(call *ssa.CallCommon) (effect, bool) {
	if sc, ok := classifySQL(call); ok {
		if sc.stmtExec {
			return effect{}, false
		}
		e := effect{name: sc.method, direct: true, reads: !sc.exec}
		if sc.text < 0 {
			e.fixed = true
		} else {
			e.textArg = []int{sc.text}
		}
		return e, true
	}
	var callee *ssa.Function
	if !call.IsInvoke() {
		callee = resolveFunc(call.Value)
	}
	s := c.summaryOf(callee)
	if s == nil {
		return effect{}, false
	}
	e := effect{name: callee.Name(), reads: s.reads, fixed: s.reads || s.writes}
	for i := range s.text {
		if i < len(call.Args) {
			e.textArg = append(e.textArg, i)
		}
	}
	sort.Ints(e.textArg)
	for i := range s.invokes {
		if i < len(call.Args) {
			if as := c.summaryOf(resolveFunc(call.Args[i])); as != nil && (as.reads || as.writes) {
				e.fixed = true
				e.reads = e.reads || as.reads
			}
		}
	}
	if !e.fixed && len(e.textArg) == 0 {
		return effect{}, false
	}
	return e, true
}

func (c *checker) summarize(fn *ssa.Function, s *summary) {
	mergeText := func(o origin, write bool) {
		switch {
		case o.captured:
			// Text chosen by the enclosing function: leave it to the loop check there.
		case len(o.params) == 0 && write:
			s.writes = true
		case len(o.params) == 0:
			s.reads = true
		default:
			for i := range o.params {
				s.text[i] = true
			}
		}
	}
	for _, b := range fn.Blocks {
		for _, instr := range b.Instrs {
			var call *ssa.CallCommon
			switch i := instr.(type) {
			case *ssa.Call:
				call = &i.Call
			case *ssa.Defer:
				call = &i.Call
			default:
				continue
			}
			if p, ok := call.Value.(*ssa.Parameter); ok && !call.IsInvoke() {
				for i, q := range fn.Params {
					if q == p {
						s.invokes[i] = true
					}
				}
				continue
			}
			if sc, ok := classifySQL(call); ok {
				switch {
				case sc.text < 0 && sc.exec:
					s.writes = true
				case sc.text < 0:
					s.reads = true
				case sc.text < len(call.Args):
					mergeText(originOf(fn, call.Args[sc.text]), sc.exec)
				}
				continue
			}
			if call.IsInvoke() {
				continue
			}
			cs := c.summaryOf(resolveFunc(call.Value))
			if cs == nil || cs == s {
				continue
			}
			s.reads = s.reads || cs.reads
			s.writes = s.writes || cs.writes
			for i := range cs.text {
				if i < len(call.Args) {
					// Statement lists are run with Exec.
					mergeText(originOf(fn, call.Args[i]), true)
				}
			}
			for i := range cs.invokes {
				if i >= len(call.Args) {
					continue
				}
				arg := call.Args[i]
				if p, ok := arg.(*ssa.Parameter); ok {
					for j, q := range fn.Params {
						if q == p {
							s.invokes[j] = true
						}
					}
					continue
				}
				if as := c.summaryOf(resolveFunc(arg)); as != nil {
					s.reads = s.reads || as.reads
					s.writes = s.writes || as.writes
				}
			}
		}
	}
}

// collection describes a loop that visits every element of a collection.
type collection struct {
	name string // source text of the collection
	rows bool   // a for rows.Next() loop
}

func (c *checker) collectionOf(loop ast.Stmt) (collection, bool) {
	info := c.pass.TypesInfo
	switch l := loop.(type) {
	case *ast.RangeStmt:
		x := ast.Unparen(l.X)
		if _, ok := x.(*ast.CompositeLit); ok {
			return collection{}, false // a fixed list written in the source
		}
		if id, ok := x.(*ast.Ident); ok && c.litVars[info.Uses[id]] {
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
		lhs, ok := ast.Unparen(as.Lhs[0]).(*ast.Ident)
		if !ok {
			return false
		}
		switch {
		case isIdent(info, bin.X, info.ObjectOf(lhs)):
			step = bin.Y
		case isIdent(info, bin.Y, info.ObjectOf(lhs)):
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

func isIdent(info *types.Info, e ast.Expr, obj types.Object) bool {
	id, ok := ast.Unparen(e).(*ast.Ident)
	return ok && obj != nil && info.ObjectOf(id) == obj
}

// isBatch reports whether a collection's elements are themselves lists:
// ranging over chunks of ids runs one query per chunk, which is how large
// IN lists are meant to be split. A []byte element is one value.
func isBatch(elem types.Type) bool {
	switch u := elem.Underlying().(type) {
	case *types.Slice:
		return !isByte(u.Elem())
	case *types.Array:
		return !isByte(u.Elem())
	}
	return false
}

// lenArg returns x when e is len(x) over a slice, array or map.
func lenArg(info *types.Info, e ast.Expr) ast.Expr {
	call, ok := ast.Unparen(e).(*ast.CallExpr)
	if !ok || len(call.Args) != 1 {
		return nil
	}
	id, ok := ast.Unparen(call.Fun).(*ast.Ident)
	if !ok {
		return nil
	}
	if b, ok := info.Uses[id].(*types.Builtin); !ok || b.Name() != "len" {
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

// varying returns the variables whose value changes from one iteration of
// loop to the next: the range variables, the loop's own index, and every
// variable declared, assigned or address-taken (rows.Scan(&id)) in the body.
func varying(info *types.Info, loop ast.Stmt) map[types.Object]bool {
	v := map[types.Object]bool{}
	addIdent := func(e ast.Expr) {
		if id, ok := ast.Unparen(e).(*ast.Ident); ok {
			if obj := info.ObjectOf(id); obj != nil {
				v[obj] = true
			}
		}
	}
	var root func(e ast.Expr) ast.Expr
	root = func(e ast.Expr) ast.Expr {
		switch x := ast.Unparen(e).(type) {
		case *ast.SelectorExpr:
			return root(x.X)
		case *ast.IndexExpr:
			return root(x.X)
		case *ast.StarExpr:
			return root(x.X)
		}
		return e
	}
	switch l := loop.(type) {
	case *ast.RangeStmt:
		if l.Key != nil {
			addIdent(l.Key)
		}
		if l.Value != nil {
			addIdent(l.Value)
		}
	case *ast.ForStmt:
		if as, ok := l.Init.(*ast.AssignStmt); ok {
			for _, lhs := range as.Lhs {
				addIdent(lhs)
			}
		}
	}
	ast.Inspect(flow.LoopBody(loop), func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.Ident:
			if obj, ok := info.Defs[n].(*types.Var); ok {
				v[obj] = true
			}
		case *ast.AssignStmt:
			for _, lhs := range n.Lhs {
				addIdent(root(lhs))
			}
		case *ast.IncDecStmt:
			addIdent(root(n.X))
		case *ast.RangeStmt:
			if n.Tok == token.ASSIGN {
				if n.Key != nil {
					addIdent(n.Key)
				}
				if n.Value != nil {
					addIdent(n.Value)
				}
			}
		case *ast.UnaryExpr:
			if n.Op == token.AND {
				addIdent(root(n.X))
			}
		}
		return true
	})
	return v
}

func mentions(info *types.Info, n ast.Node, objs map[types.Object]bool) bool {
	found := false
	ast.Inspect(n, func(n ast.Node) bool {
		if found {
			return false
		}
		if id, ok := n.(*ast.Ident); ok && objs[info.Uses[id]] {
			found = true
		}
		return !found
	})
	return found
}

// astArg maps an SSA call argument index to the source expression.
func astArg(call *ast.CallExpr, c *ssa.CallCommon, i int) ast.Expr {
	if !c.IsInvoke() {
		if callee := c.StaticCallee(); callee != nil && callee.Signature.Recv() != nil {
			if i == 0 {
				if sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr); ok {
					return sel.X
				}
				return nil
			}
			i--
		}
	}
	if i >= 0 && i < len(call.Args) {
		return call.Args[i]
	}
	return nil
}

// enclosingLoops returns the for and range statements of body whose loop
// body contains pos, innermost first, without entering function literals.
func enclosingLoops(body ast.Node, pos token.Pos) []ast.Stmt {
	var loops []ast.Stmt
	ast.Inspect(body, func(n ast.Node) bool {
		if n == nil || pos < n.Pos() || pos >= n.End() {
			return false
		}
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.RangeStmt, *ast.ForStmt:
			if lb := flow.LoopBody(n.(ast.Stmt)); lb.Pos() <= pos && pos < lb.End() {
				loops = append(loops, n.(ast.Stmt))
			}
		}
		return true
	})
	for i, j := 0, len(loops)-1; i < j; i, j = i+1, j-1 {
		loops[i], loops[j] = loops[j], loops[i]
	}
	return loops
}

// site is a call that may run SQL, with its source expression.
type site struct {
	call *ssa.Call
	e    effect
	expr *ast.CallExpr
}

func (c *checker) checkLoops(fn *ssa.Function, cfgs *ctrlflow.CFGs, calls map[token.Pos]*ast.CallExpr) {
	var body *ast.BlockStmt
	var graph *cfg.CFG
	switch s := fn.Syntax().(type) {
	case *ast.FuncDecl:
		body = s.Body
		graph = cfgs.FuncDecl(s)
	case *ast.FuncLit:
		body = s.Body
		graph = cfgs.FuncLit(s)
	}
	if body == nil || graph == nil {
		return
	}
	if strings.HasSuffix(c.pass.Fset.File(body.Pos()).Name(), "_test.go") {
		return // seed loops in tests are not production round trips
	}
	info := c.pass.TypesInfo
	var sites []site
	for _, b := range fn.Blocks {
		for _, instr := range b.Instrs {
			call, ok := instr.(*ssa.Call)
			if !ok || !call.Pos().IsValid() {
				continue
			}
			if e, ok := c.effectOf(&call.Call); ok && calls[call.Pos()] != nil {
				sites = append(sites, site{call: call, e: e, expr: calls[call.Pos()]})
			}
		}
	}
	if len(sites) == 0 {
		return
	}
	varsOf := map[ast.Stmt]map[types.Object]bool{}
	vars := func(loop ast.Stmt) map[types.Object]bool {
		if v, ok := varsOf[loop]; ok {
			return v
		}
		v := varying(info, loop)
		varsOf[loop] = v
		return v
	}
	// A loop that runs statements taken from its elements is a migration or
	// script runner: the bookkeeping around it (recording the version) is
	// per statement too.
	scripts := map[ast.Stmt]bool{}
	for _, st := range sites {
		if st.e.fixed || len(st.e.textArg) == 0 {
			continue
		}
		for _, loop := range enclosingLoops(body, st.call.Pos()) {
			varies := true
			for _, i := range st.e.textArg {
				if a := astArg(st.expr, &st.call.Call, i); a == nil || !mentions(info, a, vars(loop)) {
					varies = false
				}
			}
			if varies {
				scripts[loop] = true
			}
		}
	}
	for _, st := range sites {
		c.checkSite(st, body, graph, vars, scripts)
	}
}

func (c *checker) checkSite(st site, body *ast.BlockStmt, graph *cfg.CFG, vars func(ast.Stmt) map[types.Object]bool, scripts map[ast.Stmt]bool) {
	info := c.pass.TypesInfo
	e, expr := st.e, st.expr
	for _, loop := range enclosingLoops(body, st.call.Pos()) {
		if scripts[loop] {
			return
		}
		coll, ok := c.collectionOf(loop)
		if !ok || !flow.PerIteration(graph, loop, st.call.Pos()) {
			continue
		}
		v := vars(loop)
		if !mentions(info, expr, v) {
			continue // the same statement every time: not per element
		}
		if c.perDatabase(expr, v) {
			return // one query per shard or replica: a fan-out, not N+1
		}
		if !e.reads && !(e.direct && c.uniformWrite(expr, &st.call.Call, e, v)) {
			// Writes that carry different values per element (an INSERT
			// per row, SET clicks = clicks + ? per code) have no single
			// set-based rewrite; a helper that only writes is not judged.
			return
		}
		c.pass.Report(analysis.Diagnostic{Pos: expr.Lparen, End: expr.End(), Message: message(e, expr, coll)})
		return
	}
}

// uniformWrite reports whether a direct Exec applies the same change to each
// element: exactly one argument besides the text changes per iteration, and
// it is a single value such as an id, so WHERE id IN (...) can replace the
// loop.
func (c *checker) uniformWrite(expr *ast.CallExpr, call *ssa.CallCommon, e effect, vars map[types.Object]bool) bool {
	info := c.pass.TypesInfo
	if len(e.textArg) != 1 {
		return false
	}
	text := astArg(expr, call, e.textArg[0])
	after := false
	n := 0
	for i, a := range expr.Args {
		if a == text {
			after = true
			continue
		}
		if !after || !mentions(info, a, vars) {
			continue
		}
		if expr.Ellipsis.IsValid() && i == len(expr.Args)-1 {
			return false // args... built per element
		}
		if !singleValue(info.TypeOf(a)) {
			return false
		}
		n++
	}
	return n == 1
}

func singleValue(t types.Type) bool {
	if t == nil {
		return false
	}
	switch u := t.Underlying().(type) {
	case *types.Basic:
		return true
	case *types.Array:
		return isByte(u.Elem()) // a UUID
	}
	return false
}

// perDatabase reports whether the database handle the call runs on (its
// receiver or a handle argument) changes with the loop: for _, shard := range
// shards { shard.db.QueryRowContext(...) } visits databases, not rows.
func (c *checker) perDatabase(expr *ast.CallExpr, vars map[types.Object]bool) bool {
	info := c.pass.TypesInfo
	var exprs []ast.Expr
	if sel, ok := ast.Unparen(expr.Fun).(*ast.SelectorExpr); ok {
		if _, isMethod := info.Selections[sel]; isMethod {
			exprs = append(exprs, sel.X)
		}
	}
	exprs = append(exprs, expr.Args...)
	for _, e := range exprs {
		if isHandle(info.TypeOf(e)) && mentions(info, e, vars) {
			return true
		}
	}
	return false
}

// isHandle reports whether t is a database handle: *sql.DB, *sql.Tx,
// *sql.Conn, or an interface with QueryContext/ExecContext (sqlc's DBTX).
func isHandle(t types.Type) bool {
	if t == nil {
		return false
	}
	for _, n := range []string{"DB", "Tx", "Conn"} {
		if predicate.IsTypeNamed(predicate.Unpointer(t), "database/sql", n) {
			return true
		}
	}
	if it, ok := t.Underlying().(*types.Interface); ok {
		for i := 0; i < it.NumMethods(); i++ {
			m := it.Method(i)
			if isQueryName(m.Name()) && returnsSQL(m.Type().(*types.Signature)) {
				return true
			}
		}
	}
	return false
}

func message(e effect, expr *ast.CallExpr, coll collection) string {
	unit := "element"
	if coll.rows {
		unit = "row"
	}
	fix := "fetch them in one query with a JOIN or WHERE id IN (...)"
	if e.direct {
		if !e.reads {
			fix = "apply the change to all of them in one statement with WHERE id IN (...)"
		}
		return fmt.Sprintf("%s runs once per %s of %s (N+1): %s", e.name, unit, coll.name, fix)
	}
	return fmt.Sprintf("%s runs a query once per %s of %s (N+1): %s", helperName(expr, e), unit, coll.name, fix)
}

func helperName(expr *ast.CallExpr, e effect) string {
	switch f := ast.Unparen(expr.Fun).(type) {
	case *ast.Ident:
		return f.Name
	case *ast.SelectorExpr:
		return f.Sel.Name
	case *ast.IndexExpr:
		return types.ExprString(f.X)
	case *ast.FuncLit:
		return "this func literal"
	}
	return e.name
}
