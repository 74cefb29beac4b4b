// Package flow holds the control-flow and concurrency helpers shared by
// drill's loop and goroutine analyzers (nplusone, sharedwrite, chanleak):
// natural loops in SSA, goroutine launch sites, a must-hold lock set,
// structural keys for SSA addresses, and per-iteration reachability on the
// AST control-flow graph.
package flow

import (
	"go/ast"
	"go/types"

	"golang.org/x/tools/go/ssa"
)

// Unparen strips any number of enclosing parentheses.
func Unparen(e ast.Expr) ast.Expr {
	for {
		p, ok := e.(*ast.ParenExpr)
		if !ok {
			return e
		}
		e = p.X
	}
}

// IsNamed reports whether t (or the type it points to) is the named type
// pkgPath.name.
func IsNamed(t types.Type, pkgPath, name string) bool {
	t = types.Unalias(t)
	if p, ok := t.(*types.Pointer); ok {
		t = types.Unalias(p.Elem())
	}
	n, ok := t.(*types.Named)
	if !ok {
		return false
	}
	obj := n.Obj()
	return obj.Name() == name && obj.Pkg() != nil && obj.Pkg().Path() == pkgPath
}

// RecvNamed returns the package path and type name of a method's receiver
// (through one pointer), or "", "" for functions.
func RecvNamed(f *types.Func) (pkgPath, typeName string) {
	sig, ok := f.Type().(*types.Signature)
	if !ok || sig.Recv() == nil {
		return "", ""
	}
	t := sig.Recv().Type()
	if p, ok := t.(*types.Pointer); ok {
		t = p.Elem()
	}
	n, ok := types.Unalias(t).(*types.Named)
	if !ok || n.Obj().Pkg() == nil {
		return "", ""
	}
	return n.Obj().Pkg().Path(), n.Obj().Name()
}

// IsErrgroupPath reports whether path is the errgroup package (or a vendored
// or forked copy of it ending in /errgroup).
func IsErrgroupPath(path string) bool {
	return path == "golang.org/x/sync/errgroup" || len(path) > len("/errgroup") && path[len(path)-len("/errgroup"):] == "/errgroup"
}

// IsLaunchMethod reports whether f starts its function argument on a new
// goroutine: sync.WaitGroup.Go and errgroup.Group.Go/TryGo.
func IsLaunchMethod(f *types.Func) bool {
	if f == nil {
		return false
	}
	pkg, typ := RecvNamed(f)
	switch {
	case pkg == "sync" && typ == "WaitGroup":
		return f.Name() == "Go"
	case IsErrgroupPath(pkg) && typ == "Group":
		return f.Name() == "Go" || f.Name() == "TryGo"
	}
	return false
}

// IsWaitMethod reports whether f blocks until other goroutines have finished
// or signalled: WaitGroup.Wait, errgroup.Group.Wait, sync.Cond.Wait.
func IsWaitMethod(f *types.Func) bool {
	if f == nil || f.Name() != "Wait" {
		return false
	}
	pkg, typ := RecvNamed(f)
	return pkg == "sync" && (typ == "WaitGroup" || typ == "Cond") ||
		IsErrgroupPath(pkg) && typ == "Group"
}

// FuncObj returns the *types.Func of a static callee (its generic origin for
// instantiations), or nil.
func FuncObj(fn *ssa.Function) *types.Func {
	if fn == nil {
		return nil
	}
	if fn.Origin() != nil {
		fn = fn.Origin()
	}
	f, _ := fn.Object().(*types.Func)
	return f
}
