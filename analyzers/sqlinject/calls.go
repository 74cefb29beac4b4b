package sqlinject

import (
	"go/ast"
	"go/types"

	"github.com/drillhq/drill/analyzers/internal/predicate"
)

// callTaint judges the string a call returns: a conversion by its operand,
// the fmt, strings and strconv functions by their arguments, a builder's
// String by what was written into it, and a same-package helper by what it
// returns. Any other call's result is not constant.
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
	fn := predicate.CalleeFunc(info, call)
	if fn == nil {
		return &finding{leaf: call}
	}
	switch {
	case predicate.IsFunctionNamed(fn, "fmt", "Sprintf", "Sprint", "Sprintln"):
		return built(c.first(call.Args...), "fmt."+fn.Name())
	case predicate.IsFunctionNamed(fn, "strconv", "Itoa", "FormatInt", "FormatUint", "FormatFloat", "FormatBool", "AppendInt"):
		return nil // digits or true/false
	case predicate.IsFunctionNamed(fn, "encoding/hex", "EncodeToString"):
		return nil // hex digits only, whatever the bytes were
	case isQuoter(fn):
		return nil // one quoted identifier or literal, whatever went in
	case predicate.IsFunctionNamed(fn, "strings", "Repeat"):
		return built(c.first(call.Args...), "strings.Repeat")
	case predicate.IsFunctionNamed(fn, "strings", "Join") && len(call.Args) == 2:
		if fd := c.containerTaint(call.Args[0]); fd != nil {
			return built(fd, "strings.Join")
		}
		return built(c.taint(call.Args[1]), "strings.Join")
	case predicate.IsFunctionNamed(fn, "strings", "ReplaceAll", "Replace") && len(call.Args) >= 3:
		// The template passes through; what replaces a placeholder in it
		// is spliced in, as + would.
		if fd := c.first(call.Args[0], call.Args[1]); fd != nil {
			return fd
		}
		return built(c.taint(call.Args[2]), "strings."+fn.Name())
	case predicate.IsFunctionNamed(fn, "strings", "TrimSpace", "TrimPrefix", "TrimSuffix", "Trim", "TrimLeft",
		"TrimRight", "ToUpper", "ToLower"),
		// r.Replace(s) is judged by s alone, as strings.Replace is.
		predicate.IsMethodNamed(fn, "strings", "Replacer", "Replace"):
		// These only cut or recase their input: constant in, constant out.
		return c.first(call.Args...)
	case isBuilderString(fn):
		if sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr); ok {
			if v, ok := info.ObjectOf(predicate.Ident(sel.X)).(*types.Var); ok {
				return c.builderTaint(v, call)
			}
		}
		return &finding{leaf: call}
	}
	if fn.Pkg() == c.pass.Pkg {
		if c.isLocalQuoter(fn) {
			return nil // quoteIdent(name): one quoted name, whatever went in
		}
		return c.funcTaint(fn, call, firstString(fn))
	}
	if c.trustedCall(call) {
		return nil
	}
	return &finding{leaf: call}
}

// resultTaint judges result i of call, from a, b := call: a same-package
// helper by what it returns there; anything else is not constant.
func (c *checker) resultTaint(call *ast.CallExpr, i int) *finding {
	if c.trustedCall(call) {
		return nil
	}
	fn := predicate.CalleeFunc(c.pass.TypesInfo, call)
	if predicate.IsFunctionNamed(fn, "strings", "Cut", "CutPrefix", "CutSuffix") && len(call.Args) > 0 {
		// before, after, found := strings.Cut(s, sep): pieces of s.
		return c.first(call.Args...)
	}
	if fn == nil || fn.Pkg() != c.pass.Pkg {
		return &finding{leaf: call}
	}
	return c.funcTaint(fn, call, i)
}

// firstString is the index of fn's first string result, or -1.
func firstString(fn *types.Func) int {
	res := fn.Type().(*types.Signature).Results()
	for i := 0; i < res.Len(); i++ {
		if predicate.IsBasicKind(res.At(i).Type(), types.String) {
			return i
		}
	}
	return -1
}

// helperResult names one result of a same-package helper, the unit
// funcTaint judges and caches: a helper returning (clause string, args
// []any) is judged by its clause alone.
type helperResult struct {
	fn  *types.Func
	res int
}

// funcTaint judges result res of a same-package helper by every value it
// returns there.
func (c *checker) funcTaint(fn *types.Func, call *ast.CallExpr, res int) *finding {
	fn = fn.Origin()
	key := helperResult{fn, res}
	if fd, ok := c.funcRes[key]; ok {
		return fd
	}
	decl := c.funcs[fn]
	if decl == nil {
		return &finding{leaf: call}
	}
	sig := fn.Type().(*types.Signature)
	if res < 0 || res >= sig.Results().Len() || !predicate.IsBasicKind(sig.Results().At(res).Type(), types.String) {
		return &finding{leaf: call} // no string result
	}
	if c.visit[key] {
		return nil
	}
	c.visit[key] = true
	defer delete(c.visit, key)
	var out *finding
	ast.Inspect(decl.Body, func(n ast.Node) bool {
		if out != nil {
			return false
		}
		switch n := n.(type) {
		case *ast.FuncLit:
			return false // its returns are not the helper's
		case *ast.ReturnStmt:
			if len(n.Results) == sig.Results().Len() {
				out = c.taint(n.Results[res])
			} else {
				// A naked return of named results, or one call returning
				// them all: what they hold is not followed.
				out = &finding{leaf: call}
			}
		}
		return true
	})
	c.funcRes[key] = out
	return out
}
