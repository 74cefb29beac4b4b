// Package scopedssa builds SSA form only for the packages where drill's
// fact-exporting analyzers can learn something: module code that reaches
// database/sql or net/http.
//
// An analyzer with FactTypes runs on every dependency of the packages under
// analysis, and so does everything it Requires. With the stock buildssa
// pass that means building SSA for the whole standard library below
// net/http on every run, which was most of drill-vet's cost. Facts such as
// "closes its *sql.Rows argument" or "may run a query" can only hold for
// code that imports database/sql or net/http, and drill's analyzers know
// the standard library's own behaviour without facts, so every other
// package gets an empty result and costs almost nothing.
//
// The same holds for packages of required modules (anything the go command
// fetched at a version): a library's helpers rarely take over a caller's
// rows or response, and keeping SSA for every package of a large dependency
// graph until the run ends cost drill-vet more memory than go vet's whole
// suite. A fact missing for such a helper leaves the engines silent (the
// value escapes), never wrong.
package scopedssa

import (
	"go/ast"
	"go/build"
	"go/token"
	"go/types"
	"path/filepath"
	"reflect"
	"slices"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/buildssa"
	"golang.org/x/tools/go/analysis/passes/ctrlflow"
	"golang.org/x/tools/go/ssa"
)

// Analyzer's result is a *buildssa.SSA whose Pkg is nil for packages out
// of scope; users must return early on a nil Pkg.
var Analyzer = &analysis.Analyzer{
	Name:       "scopedssa",
	Doc:        "build SSA form for module packages that use database/sql or net/http",
	Run:        run,
	Requires:   []*analysis.Analyzer{ctrlflow.Analyzer},
	ResultType: reflect.TypeFor[*buildssa.SSA](),
}

// Roots are the packages whose users the fact analyzers care about.
var roots = []string{"database/sql", "net/http"}

func run(pass *analysis.Pass) (any, error) {
	if inStdlib(pass) || requiredModule(pass.Module) || !reaches(pass.Pkg, roots) {
		return &buildssa.SSA{}, nil
	}
	return buildSSA(sourceOf(pass)), nil
}

// source is what building a package's SSA form reads of its pass. The
// driver keeps all of it for the whole run, so, unlike the pass itself, it
// may be used after the run that captured it returned (see AnyPackage).
type source struct {
	fset  *token.FileSet
	pkg   *types.Package
	files []*ast.File
	info  *types.Info
	cfgs  *ctrlflow.CFGs // which functions never return
}

func sourceOf(pass *analysis.Pass) source {
	return source{pass.Fset, pass.Pkg, pass.Files, pass.TypesInfo, pass.ResultOf[ctrlflow.Analyzer].(*ctrlflow.CFGs)}
}

// buildSSA builds the SSA form of a package, as buildssa does, creating only
// the imports its code refers to (buildssa creates every package below it).
func buildSSA(src source) *buildssa.SSA {
	prog := ssa.NewProgram(src.fset, ssa.BareInits)
	prog.SetNoReturn(src.cfgs.NoReturn)
	for _, imp := range membersUsed(src) {
		prog.CreatePackage(imp, nil, nil, true)
	}
	pkg := prog.CreatePackage(src.pkg, src.files, src.info, false)
	pkg.Build()
	return &buildssa.SSA{Pkg: pkg, SrcFuncs: sourceFuncs(src, prog)}
}

// membersUsed lists the imports whose package-level functions or variables
// the package refers to: the ones SSA needs created to build its code. An
// import used only for its types or constants (time.Duration, io.Reader)
// needs none, and creating one costs a Function for every function and
// method it declares, in every package's program. Methods of imported
// types are created on demand as calls reach them, and BareInits leaves
// out the calls to imported packages' init functions, which would need
// every import created.
func membersUsed(src source) []*types.Package {
	used := map[*types.Package]bool{}
	for _, obj := range src.info.Uses {
		pkg := obj.Pkg()
		if pkg == nil || pkg == src.pkg || used[pkg] || obj.Parent() != pkg.Scope() {
			continue
		}
		switch obj.(type) {
		case *types.Func, *types.Var:
			used[pkg] = true
		}
	}
	var out []*types.Package
	for _, imp := range src.pkg.Imports() {
		if used[imp] {
			out = append(out, imp)
		}
	}
	return out
}

// sourceFuncs lists the package's declared functions and methods, each
// followed by the function literals inside it, in source order.
func sourceFuncs(src source, prog *ssa.Program) []*ssa.Function {
	var out []*ssa.Function
	var add func(f *ssa.Function)
	add = func(f *ssa.Function) {
		out = append(out, f)
		for _, lit := range f.AnonFuncs {
			add(lit)
		}
	}
	for _, file := range src.files {
		for _, decl := range file.Decls {
			fd, ok := decl.(*ast.FuncDecl)
			if !ok {
				continue
			}
			obj, ok := src.info.Defs[fd.Name].(*types.Func)
			if !ok {
				continue
			}
			if f := prog.FuncValue(obj); f != nil {
				add(f)
			}
		}
	}
	return out
}

// reaches reports whether pkg is, or transitively imports, one of paths.
func reaches(pkg *types.Package, paths []string) bool {
	seen := map[*types.Package]bool{}
	var walk func(p *types.Package) bool
	walk = func(p *types.Package) bool {
		if seen[p] {
			return false
		}
		seen[p] = true
		for _, want := range paths {
			if p.Path() == want {
				return true
			}
		}
		return slices.ContainsFunc(p.Imports(), walk)
	}
	return walk(pkg)
}

// requiredModule reports whether m is a dependency fetched at a version,
// rather than the main module, a workspace module or a local replacement
// (those have no version). Drivers that know no module give nil.
func requiredModule(m *analysis.Module) bool {
	if m == nil {
		return false
	}
	if m.Replace != nil {
		m = m.Replace
	}
	return m.Version != ""
}

// inStdlib reports whether the package's files live in GOROOT.
func inStdlib(pass *analysis.Pass) bool {
	if len(pass.Files) == 0 {
		return true
	}
	name := pass.Fset.File(pass.Files[0].Pos()).Name()
	goroot := filepath.Clean(build.Default.GOROOT)
	return goroot != "" && strings.HasPrefix(filepath.Clean(name), goroot+string(filepath.Separator))
}
