package flow_test

import (
	"go/ast"
	"go/importer"
	"go/parser"
	"go/token"
	"go/types"
	"strings"
	"testing"

	"golang.org/x/tools/go/ssa"
	"golang.org/x/tools/go/ssa/ssautil"
)

// The test programs are type-checked against the real sync package (from
// source, so no export data is needed) and a stand-in errgroup served at
// any path ending in /errgroup, the way vendored and forked copies appear.

var testFset = token.NewFileSet()

// stdImporter is shared so the standard library is type-checked once for
// all tests in the package.
var stdImporter = importer.ForCompiler(testFset, "source", nil)

const errgroupSrc = `package errgroup

type Group struct{}

func (g *Group) Go(f func() error)         {}
func (g *Group) TryGo(f func() error) bool { return true }
func (g *Group) Wait() error               { return nil }
`

type testImporter struct{ fakes map[string]*types.Package }

func (im *testImporter) Import(path string) (*types.Package, error) {
	if !strings.HasSuffix(path, "/errgroup") {
		return stdImporter.Import(path)
	}
	if p := im.fakes[path]; p != nil {
		return p, nil
	}
	f, err := parser.ParseFile(testFset, path+"/errgroup.go", errgroupSrc, 0)
	if err != nil {
		return nil, err
	}
	p, err := (&types.Config{}).Check(path, testFset, []*ast.File{f}, nil)
	if err != nil {
		return nil, err
	}
	im.fakes[path] = p
	return p, nil
}

// buildSSA builds the SSA form of one package written in src.
func buildSSA(t *testing.T, src string) *ssa.Package {
	t.Helper()
	f, err := parser.ParseFile(testFset, "p.go", src, 0)
	if err != nil {
		t.Fatal(err)
	}
	conf := &types.Config{Importer: &testImporter{fakes: map[string]*types.Package{}}}
	pkg, _, err := ssautil.BuildPackage(conf, testFset, types.NewPackage("example.com/p", "p"), []*ast.File{f}, ssa.SanityCheckFunctions)
	if err != nil {
		t.Fatal(err)
	}
	return pkg
}

// function returns the package-level function or method (as "T.m") name.
func function(t *testing.T, pkg *ssa.Package, name string) *ssa.Function {
	t.Helper()
	if typ, meth, ok := strings.Cut(name, "."); ok {
		named := pkg.Pkg.Scope().Lookup(typ).Type()
		for _, recv := range []types.Type{types.NewPointer(named), named} {
			if sel := pkg.Prog.MethodSets.MethodSet(recv).Lookup(pkg.Pkg, meth); sel != nil {
				return pkg.Prog.MethodValue(sel)
			}
		}
		t.Fatalf("no method %s", name)
	}
	fn := pkg.Func(name)
	if fn == nil {
		t.Fatalf("no function %s", name)
	}
	return fn
}

// calls returns the calls in fn and the closures it contains whose static
// callee is called name, in block order.
func calls(fn *ssa.Function, name string) []*ssa.Call {
	var out []*ssa.Call
	for _, b := range fn.Blocks {
		for _, instr := range b.Instrs {
			if c, ok := instr.(*ssa.Call); ok {
				if callee := c.Call.StaticCallee(); callee != nil && callee.Name() == name {
					out = append(out, c)
				} else if c.Call.IsInvoke() && c.Call.Method.Name() == name {
					out = append(out, c)
				}
			}
		}
	}
	for _, anon := range fn.AnonFuncs {
		out = append(out, calls(anon, name)...)
	}
	return out
}

// call returns the only call of name in fn.
func call(t *testing.T, fn *ssa.Function, name string) *ssa.Call {
	t.Helper()
	cs := calls(fn, name)
	if len(cs) != 1 {
		t.Fatalf("%s: %d calls of %s, want 1", fn.Name(), len(cs), name)
	}
	return cs[0]
}
