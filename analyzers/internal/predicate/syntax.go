package predicate

import (
	"go/ast"
	"go/token"
	"go/types"
	"strings"

	"golang.org/x/tools/go/analysis/passes/ctrlflow"
	"golang.org/x/tools/go/ast/inspector"
	"golang.org/x/tools/go/types/typeutil"
)

// CalleeFunc returns the function or method a call expression invokes
// statically or through an interface, or nil (function values, builtins,
// conversions).
func CalleeFunc(info *types.Info, call *ast.CallExpr) *types.Func {
	f, _ := typeutil.Callee(info, call).(*types.Func)
	return f
}

// IsTestFile reports whether pos lies in a _test.go file, by the file's
// real name: a //line directive changes positions, not token.File.Name,
// so code cannot pass itself off as a test (or hide one) that way.
func IsTestFile(fset *token.FileSet, pos token.Pos) bool {
	f := fset.File(pos)
	return f != nil && strings.HasSuffix(f.Name(), "_test.go")
}

// Mentions reports whether any identifier under n uses one of objs.
func Mentions(info *types.Info, n ast.Node, objs map[types.Object]bool) bool {
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

// Ident returns e, without parentheses, as an identifier, or nil.
func Ident(e ast.Expr) *ast.Ident {
	id, _ := ast.Unparen(e).(*ast.Ident)
	return id
}

// IsBuiltin reports whether call calls the predeclared function name
// (len, close, append, ...).
func IsBuiltin(info *types.Info, call *ast.CallExpr, name string) bool {
	id := Ident(call.Fun)
	if id == nil {
		return false
	}
	b, ok := info.Uses[id].(*types.Builtin)
	return ok && b.Name() == name
}

// TakesTesting reports whether sig has a *testing.T, *testing.B,
// *testing.F or testing.TB parameter: a test helper, test code wherever
// its file lives (a testutil package, an e2e harness).
func TakesTesting(sig *types.Signature) bool {
	if sig == nil {
		return false
	}
	for v := range sig.Params().Variables() {
		t := v.Type()
		if IsPointerToNamed(t, "testing", "T", "B", "F") || IsTypeNamed(t, "testing", "TB") {
			return true
		}
	}
	return false
}

// InTestCode reports whether the node at cur is test code: in a _test.go
// file, or inside a function declared with a testing parameter (see
// TakesTesting).
func InTestCode(info *types.Info, fset *token.FileSet, cur inspector.Cursor) bool {
	if IsTestFile(fset, cur.Node().Pos()) {
		return true
	}
	for fd := range cur.Enclosing((*ast.FuncDecl)(nil)) {
		if fn, ok := info.Defs[fd.Node().(*ast.FuncDecl).Name].(*types.Func); ok && TakesTesting(fn.Signature()) {
			return true
		}
	}
	return false
}

// NoReturnStmt reports whether node is a statement calling something that
// never returns: panic, or a function cfgs knows never returns (os.Exit,
// log.Fatal, t.Fatal, runtime.Goexit, or a function of this package that
// always ends in one). A path ending there does not reach a return.
func NoReturnStmt(info *types.Info, cfgs *ctrlflow.CFGs, node ast.Node) bool {
	s, ok := node.(*ast.ExprStmt)
	if !ok {
		return false
	}
	call, ok := ast.Unparen(s.X).(*ast.CallExpr)
	if !ok {
		return false
	}
	if IsBuiltin(info, call, "panic") {
		return true
	}
	fn := CalleeFunc(info, call)
	return fn != nil && cfgs.NoReturn(fn)
}
