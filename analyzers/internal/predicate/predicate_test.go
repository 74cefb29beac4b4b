package predicate

import (
	"go/ast"
	"go/importer"
	"go/parser"
	"go/token"
	"go/types"
	"testing"

	"golang.org/x/tools/go/ssa"
	"golang.org/x/tools/go/ssa/ssautil"
)

const src = `package p

import (
	"database/sql"
	"net/http"
)

type Rows = sql.Rows // an alias must not hide the type

type Store struct {
	db   *sql.DB
	name string
}

type ID string

func Open() {}

func (s *Store) Close() error { return nil }

func use(s *Store, r *Rows, v sql.Rows, req *http.Request, id ID, b byte, ok bool, err error) {
	_ = s.db
	s.Close()
	r.Close()
	Open()
	f := r.Close
	f()
	func() { _ = s.name }()
	if err == nil {
		return
	}
}
`

func load(t *testing.T) (*token.FileSet, *ast.File, *types.Info, *ssa.Package) {
	t.Helper()
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "p.go", src, 0)
	if err != nil {
		t.Fatal(err)
	}
	pkg := types.NewPackage("p", "p")
	ssaPkg, info, err := ssautil.BuildPackage(&types.Config{Importer: importer.Default()}, fset, pkg, []*ast.File{f}, ssa.SanityCheckFunctions)
	if err != nil {
		t.Fatal(err)
	}
	return fset, f, info, ssaPkg
}

func param(t *testing.T, pkg *ssa.Package, name string) types.Type {
	t.Helper()
	for _, p := range pkg.Func("use").Params {
		if p.Name() == name {
			return p.Type()
		}
	}
	t.Fatalf("no parameter %s", name)
	return nil
}

func TestTypePredicates(t *testing.T) {
	_, _, _, pkg := load(t)
	r, v, req, id := param(t, pkg, "r"), param(t, pkg, "v"), param(t, pkg, "req"), param(t, pkg, "id")
	for _, tc := range []struct {
		name string
		got  bool
		want bool
	}{
		{"*Rows alias is a pointer to sql.Rows", IsPointerToNamed(r, "database/sql", "Rows"), true},
		{"*Rows is not the named type itself", IsTypeNamed(r, "database/sql", "Rows"), false},
		{"Unpointer(*Rows) is sql.Rows", IsTypeNamed(Unpointer(r), "database/sql", "Rows"), true},
		{"sql.Rows value is the named type", IsTypeNamed(v, "database/sql", "Rows"), true},
		{"sql.Rows value is not a pointer", IsPointerToNamed(v, "database/sql", "Rows"), false},
		{"one of several names", IsPointerToNamed(req, "net/http", "Response", "Request"), true},
		{"wrong package", IsPointerToNamed(req, "database/sql", "Request"), false},
		{"no names never matches", IsPointerToNamed(req, "net/http"), false},
		{"ID's underlying is string", IsBasicKind(id, types.String), true},
		{"ID is not a byte", IsBasicKind(id, types.Byte), false},
		{"byte is uint8", IsBasicKind(param(t, pkg, "b"), types.Uint8), true},
		{"bool is boolean", HasBasicInfo(param(t, pkg, "ok"), types.IsBoolean), true},
		{"ID is not boolean", HasBasicInfo(id, types.IsBoolean), false},
		{"error is the error type", IsErrorType(param(t, pkg, "err")), true},
		{"*Rows is not the error type", IsErrorType(r), false},
	} {
		if tc.got != tc.want {
			t.Errorf("%s: got %v, want %v", tc.name, tc.got, tc.want)
		}
	}
	if p, n := TypeName(req); p != "net/http" || n != "Request" {
		t.Errorf("TypeName(*http.Request) = %q, %q", p, n)
	}
	if p, n := TypeName(param(t, pkg, "err")); p != "" || n != "" {
		t.Errorf("TypeName(error) = %q, %q, want empty (a universe type)", p, n)
	}
}

func TestFuncPredicates(t *testing.T) {
	_, _, _, pkg := load(t)
	closeM, _, _ := types.LookupFieldOrMethod(types.NewPointer(pkg.Pkg.Scope().Lookup("Store").Type()), false, pkg.Pkg, "Close")
	close := closeM.(*types.Func)
	open := pkg.Pkg.Scope().Lookup("Open").(*types.Func)
	if p, n := ReceiverName(close); p != "p" || n != "Store" {
		t.Errorf("ReceiverName(Store.Close) = %q, %q", p, n)
	}
	if p, n := ReceiverName(open); p != "" || n != "" {
		t.Errorf("ReceiverName(Open) = %q, %q, want empty", p, n)
	}
	for _, tc := range []struct {
		name      string
		got, want bool
	}{
		{"method named", IsMethodNamed(close, "p", "Store", "Open", "Close"), true},
		{"method, other name", IsMethodNamed(close, "p", "Store", "Open"), false},
		{"method of", IsMethodOf(close, "p", "Store"), true},
		{"method of another type", IsMethodOf(close, "p", "ID"), false},
		{"a method is not a function", IsFunctionNamed(close, "p", "Close"), false},
		{"function named", IsFunctionNamed(open, "p", "Open"), true},
		{"a function is not a method", IsMethodOf(open, "p", "Store"), false},
		{"nil func", IsMethodNamed(nil, "p", "Store", "Close") || IsFunctionNamed(nil, "p", "Open"), false},
	} {
		if tc.got != tc.want {
			t.Errorf("%s: got %v, want %v", tc.name, tc.got, tc.want)
		}
	}
}

// TestSSAPredicates checks Callee against each kind of call in use: a
// static method, an interface-free function, a bound method value (nil:
// its receiver is in the closure) and a closure (nil: no object).
func TestSSAPredicates(t *testing.T) {
	_, _, _, pkg := load(t)
	fn := pkg.Func("use")
	callees := map[string]bool{}
	var closures, bound, fields int
	for _, b := range fn.Blocks {
		for _, instr := range b.Instrs {
			switch in := instr.(type) {
			case *ssa.Call:
				if f := Callee(in.Common()); f != nil {
					callees[f.Name()] = true
				} else if mc, ok := in.Common().Value.(*ssa.MakeClosure); ok {
					if BoundMethod(mc.Fn.(*ssa.Function)) != nil {
						bound++
					} else {
						closures++
					}
				} else {
					// f() through the variable holding the bound method
					bound++
				}
			case *ssa.FieldAddr:
				if FieldName(in) == "db" {
					fields++
				}
			}
		}
	}
	if !callees["Close"] || !callees["Open"] {
		t.Errorf("Callee missed a static call: %v", callees)
	}
	if closures != 1 || bound == 0 {
		t.Errorf("closures = %d (want 1), bound-method calls = %d (want > 0)", closures, bound)
	}
	if fields != 1 {
		t.Errorf("FieldName found s.db %d times, want 1", fields)
	}
	if FuncOf(fn) == nil || FuncOf(fn).Name() != "use" || FuncOf(nil) != nil {
		t.Errorf("FuncOf(use) = %v", FuncOf(fn))
	}
	if len(Referrers(fn.Params[0])) == 0 {
		t.Error("Referrers(s) is empty")
	}
	if IsNilConst(fn.Params[0]) {
		t.Error("a parameter is not the nil constant")
	}
	loads := []ssa.Value{}
	for _, b := range fn.Blocks {
		for _, instr := range b.Instrs {
			if u, ok := instr.(*ssa.UnOp); ok && u.Op == token.MUL {
				loads = append(loads, u)
			}
		}
	}
	if len(loads) == 0 || !SameValue(loads[0], loads[0]) || !SameValue(fn.Params[0], fn.Params[0]) || SameValue(fn.Params[0], fn.Params[1]) {
		t.Error("SameValue: identical values must match, different parameters must not")
	}
}

func TestSyntaxPredicates(t *testing.T) {
	fset, f, info, _ := load(t)
	var calls []*ast.CallExpr
	ast.Inspect(f, func(n ast.Node) bool {
		if c, ok := n.(*ast.CallExpr); ok {
			calls = append(calls, c)
		}
		return true
	})
	names := map[string]bool{}
	for _, c := range calls {
		if fn := CalleeFunc(info, c); fn != nil {
			names[fn.Name()] = true
		}
	}
	if !names["Close"] || !names["Open"] {
		t.Errorf("CalleeFunc found %v", names)
	}
	use := info.Defs[f.Decls[len(f.Decls)-1].(*ast.FuncDecl).Name]
	params := map[types.Object]bool{}
	for id, obj := range info.Defs {
		if id.Name == "err" && obj != nil {
			params[obj] = true
		}
	}
	body := f.Decls[len(f.Decls)-1].(*ast.FuncDecl).Body
	if use == nil || !Mentions(info, body, params) {
		t.Error("Mentions missed err in use's body")
	}
	if Mentions(info, body.List[0], params) {
		t.Error("Mentions found err in `_ = s.db`")
	}
	if IsTestFile(fset, f.Pos()) {
		t.Error("p.go is not a test file")
	}
	tf := token.NewFileSet()
	g, _ := parser.ParseFile(tf, "p_test.go", "package p", 0)
	if !IsTestFile(tf, g.Pos()) {
		t.Error("p_test.go is a test file")
	}
	if Ident(&ast.ParenExpr{X: ast.NewIdent("x")}).Name != "x" || Ident(&ast.BasicLit{}) != nil {
		t.Error("Ident must see through parentheses and reject non-identifiers")
	}
	lenCall := &ast.CallExpr{Fun: ast.NewIdent("len")}
	info.Uses[lenCall.Fun.(*ast.Ident)] = types.Universe.Lookup("len")
	if !IsBuiltin(info, lenCall, "len") || IsBuiltin(info, lenCall, "cap") || IsBuiltin(info, calls[0], "len") {
		t.Error("IsBuiltin")
	}
}

// Test helpers are recognised by their testing parameter, in any file.
func TestTakesTesting(t *testing.T) {
	const src = `package p

import "testing"

type fakeT struct{}

func helper(t *testing.T) {}
func bench(b *testing.B, n int) {}
func any(tb testing.TB) {}
func fuzz(f *testing.F) {}
func value(m testing.M) {}
func look(t *fakeT) {}
func plain(n int) {}
`
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "p.go", src, 0)
	if err != nil {
		t.Fatal(err)
	}
	info := &types.Info{Defs: map[*ast.Ident]types.Object{}}
	if _, err := (&types.Config{Importer: importer.Default()}).Check("p", fset, []*ast.File{f}, info); err != nil {
		t.Fatal(err)
	}
	want := map[string]bool{"helper": true, "bench": true, "any": true, "fuzz": true, "value": false, "look": false, "plain": false}
	for _, d := range f.Decls {
		fd, ok := d.(*ast.FuncDecl)
		if !ok {
			continue
		}
		sig := info.Defs[fd.Name].Type().(*types.Signature)
		if got := TakesTesting(sig); got != want[fd.Name.Name] {
			t.Errorf("TakesTesting(%s) = %v, want %v", fd.Name.Name, got, want[fd.Name.Name])
		}
	}
}
