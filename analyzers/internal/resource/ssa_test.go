package resource

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

// program is one small package in SSA form, for the engine tests.
type program struct {
	fset  *token.FileSet
	file  *ast.File
	pkg   *ssa.Package
	funcs []*ssa.Function // declared functions, each followed by its literals
}

// build parses and type-checks src as package example.com/p and builds its
// SSA form, as scopedssa does for an analyzed package.
func build(t *testing.T, src string) *program {
	t.Helper()
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "p.go", src, parser.ParseComments)
	if err != nil {
		t.Fatal(err)
	}
	tc := &types.Config{Importer: importer.Default()}
	pkg, info, err := ssautil.BuildPackage(tc, fset, types.NewPackage("example.com/p", "p"), []*ast.File{f}, 0)
	if err != nil {
		t.Fatal(err)
	}
	p := &program{fset: fset, file: f, pkg: pkg}
	var add func(fn *ssa.Function)
	add = func(fn *ssa.Function) {
		p.funcs = append(p.funcs, fn)
		for _, lit := range fn.AnonFuncs {
			add(lit)
		}
	}
	for _, d := range f.Decls {
		if fd, ok := d.(*ast.FuncDecl); ok {
			add(pkg.Prog.FuncValue(info.Defs[fd.Name].(*types.Func)))
		}
	}
	return p
}

// fn returns the function declared as name.
func (p *program) fn(t *testing.T, name string) *ssa.Function {
	t.Helper()
	for _, fn := range p.funcs {
		if fn.Name() == name && fn.Parent() == nil {
			return fn
		}
	}
	t.Fatalf("no function %s", name)
	return nil
}

// obj returns the types object of the function declared as name.
func (p *program) obj(t *testing.T, name string) *types.Func {
	return p.fn(t, name).Object().(*types.Func)
}

// lineNotes maps each line holding a `// note` comment to the note.
func (p *program) lineNotes() map[int]string {
	notes := map[int]string{}
	for _, cg := range p.file.Comments {
		for _, c := range cg.List {
			notes[p.fset.Position(c.Pos()).Line] = strings.TrimSpace(strings.TrimPrefix(c.Text, "//"))
		}
	}
	return notes
}

// fakeFacts answers Facts from maps keyed by function name, for functions
// the test pretends come from another package.
type fakeFacts struct {
	closes, borrows map[string]int
	returns         map[string]Kind
}

func (f fakeFacts) Closes(fn *types.Func, i int) bool {
	j, ok := f.closes[fn.Name()]
	return ok && i == j
}

func (f fakeFacts) Borrows(fn *types.Func, i int) bool {
	j, ok := f.borrows[fn.Name()]
	return ok && i == j
}

func (f fakeFacts) Returns(fn *types.Func, i int) (Kind, bool) {
	k, ok := f.returns[fn.Name()]
	return k, ok && i == 0
}

func (f fakeFacts) LeaksPoolOnError(*types.Func) bool { return false }
