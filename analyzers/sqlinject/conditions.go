package sqlinject

import (
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"regexp/syntax"

	"golang.org/x/tools/go/types/typeutil"
)

// The conditions that prove a value comes from an allow-list (a map
// lookup, comparisons with constants, slices.Contains, an anchored
// identifier regexp), and when two expressions denote the same value.

// member returns the expressions that cond, when true, proves to hold a
// value of an allow-list.
func (c *checker) member(cond ast.Expr) []ast.Expr {
	info := c.pass.TypesInfo
	switch e := ast.Unparen(cond).(type) {
	case *ast.UnaryExpr:
		if e.Op == token.NOT {
			return c.notMember(e.X)
		}
	case *ast.BinaryExpr:
		switch e.Op {
		case token.LAND:
			return append(c.member(e.X), c.member(e.Y)...)
		case token.LOR:
			return c.both(c.member(e.X), c.member(e.Y))
		case token.EQL:
			return c.comparedToConstant(e)
		}
	case *ast.IndexExpr:
		if c.isMap(e.X) && c.keyTaint(e.X) == nil {
			return []ast.Expr{e.Index}
		}
	case *ast.Ident:
		v, ok := info.ObjectOf(e).(*types.Var)
		if !ok || c.visit[v] {
			return nil
		}
		if ix := c.commaOK[v]; ix != nil {
			if c.isMap(ix.X) && c.keyTaint(ix.X) == nil {
				return []ast.Expr{ix.Index}
			}
			return nil
		}
		// ok := allowed[col]; valid := re.MatchString(s): judged by its
		// only assignment.
		if as := c.assigns[v]; len(as) == 1 && as[0].rhs != nil && len(c.mutations[v]) == 0 {
			c.visit[v] = true
			defer delete(c.visit, v)
			return c.member(as[0].rhs)
		}
	case *ast.CallExpr:
		fn, _ := typeutil.Callee(info, e).(*types.Func)
		if fn == nil || fn.Pkg() == nil {
			return nil
		}
		switch path, name := fn.Pkg().Path(), fn.Name(); {
		case path == "slices" && name == "Contains" && len(e.Args) == 2:
			if c.containerTaint(e.Args[0]) == nil {
				return []ast.Expr{e.Args[1]}
			}
		case path == "regexp" && name == "MatchString" && len(e.Args) == 1:
			if sel, ok := ast.Unparen(e.Fun).(*ast.SelectorExpr); ok && c.wholeSafeRegexp(sel.X) {
				return []ast.Expr{e.Args[0]}
			}
		}
	}
	return nil
}

// notMember returns the expressions that cond, when false, proves to hold a
// value of an allow-list.
func (c *checker) notMember(cond ast.Expr) []ast.Expr {
	switch e := ast.Unparen(cond).(type) {
	case *ast.UnaryExpr:
		if e.Op == token.NOT {
			return c.member(e.X)
		}
	case *ast.BinaryExpr:
		switch e.Op {
		case token.LOR:
			return append(c.notMember(e.X), c.notMember(e.Y)...)
		case token.LAND:
			// col != "a" && col != "b" is false only for "a" or "b".
			return c.both(c.notMember(e.X), c.notMember(e.Y))
		case token.NEQ:
			return c.comparedToConstant(e)
		}
	}
	return nil
}

// both keeps the expressions present in a and in b.
func (c *checker) both(a, b []ast.Expr) []ast.Expr {
	var out []ast.Expr
	for _, x := range a {
		for _, y := range b {
			if c.sameExpr(x, y) {
				out = append(out, x)
				break
			}
		}
	}
	return out
}

// comparedToConstant returns x of x == "const" or "const" != x.
func (c *checker) comparedToConstant(e *ast.BinaryExpr) []ast.Expr {
	isConst := func(x ast.Expr) bool {
		tv, ok := c.pass.TypesInfo.Types[x]
		return ok && tv.Value != nil
	}
	switch {
	case isConst(e.Y) && !isConst(e.X):
		return []ast.Expr{e.X}
	case isConst(e.X) && !isConst(e.Y):
		return []ast.Expr{e.Y}
	}
	return nil
}

func (c *checker) isMap(e ast.Expr) bool {
	tv, ok := c.pass.TypesInfo.Types[e]
	if !ok {
		return false
	}
	_, isMap := tv.Type.Underlying().(*types.Map)
	return isMap
}

// wholeSafeRegexp reports whether re is compiled from a constant pattern
// that only matches whole strings (anchored with ^ and $, or \A and \z)
// made of letters, digits, '_', '.' and the pattern's own literal text. An
// unanchored pattern matches any string containing a match ("name; DROP
// TABLE x" contains "name"), and (?m) or POSIX ^ and $ match at every line.
func (c *checker) wholeSafeRegexp(re ast.Expr) bool {
	re = ast.Unparen(re)
	if id, ok := re.(*ast.Ident); ok {
		v, ok := c.pass.TypesInfo.ObjectOf(id).(*types.Var)
		if !ok || len(c.mutations[v]) != 0 {
			return false
		}
		as := c.assigns[v]
		if len(as) != 1 || as[0].rhs == nil {
			return false
		}
		re = ast.Unparen(as[0].rhs)
	}
	call, ok := re.(*ast.CallExpr)
	if !ok || len(call.Args) != 1 {
		return false
	}
	fn, _ := typeutil.Callee(c.pass.TypesInfo, call).(*types.Func)
	if fn == nil || fn.Pkg() == nil || fn.Pkg().Path() != "regexp" {
		return false
	}
	var flags syntax.Flags
	switch fn.Name() {
	case "MustCompile":
		flags = syntax.Perl
	case "MustCompilePOSIX":
		flags = syntax.POSIX
	default:
		return false
	}
	tv, ok := c.pass.TypesInfo.Types[call.Args[0]]
	if !ok || tv.Value == nil || tv.Value.Kind() != constant.String {
		return false
	}
	parsed, err := syntax.Parse(constant.StringVal(tv.Value), flags)
	if err != nil {
		return false
	}
	parsed = parsed.Simplify()
	return anchoredAt(parsed, syntax.OpBeginText) && anchoredAt(parsed, syntax.OpEndText) && safeChars(parsed)
}

// anchoredAt reports whether every match of re starts (OpBeginText) or ends
// (OpEndText) with that assertion.
func anchoredAt(re *syntax.Regexp, op syntax.Op) bool {
	switch re.Op {
	case op:
		return true
	case syntax.OpCapture:
		return anchoredAt(re.Sub[0], op)
	case syntax.OpAlternate:
		for _, s := range re.Sub {
			if !anchoredAt(s, op) {
				return false
			}
		}
		return true
	case syntax.OpConcat:
		if len(re.Sub) == 0 {
			return false
		}
		if op == syntax.OpBeginText {
			return anchoredAt(re.Sub[0], op)
		}
		return anchoredAt(re.Sub[len(re.Sub)-1], op)
	}
	return false
}

// safeChars reports whether every character re may match beyond its literal
// text is a letter, a digit, '_' or '.': no quote, space, dash, semicolon or
// parenthesis can come from the input.
func safeChars(re *syntax.Regexp) bool {
	switch re.Op {
	case syntax.OpAnyChar, syntax.OpAnyCharNotNL:
		return false
	case syntax.OpCharClass:
		for i := 0; i+1 < len(re.Rune); i += 2 {
			for r := re.Rune[i]; r <= re.Rune[i+1]; r++ {
				if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '_' || r == '.') {
					return false
				}
			}
		}
	}
	for _, s := range re.Sub {
		if !safeChars(s) {
			return false
		}
	}
	return true
}

// sameExpr reports whether a and b denote the same value: the same
// variables, fields, constants and calls with the same arguments (a call
// such as strings.TrimPrefix(s, "-") or r.FormValue("sort") is assumed to
// give the same result twice).
func (c *checker) sameExpr(a, b ast.Expr) bool {
	a, b = ast.Unparen(a), ast.Unparen(b)
	info := c.pass.TypesInfo
	if ta, ok := info.Types[a]; ok && ta.Value != nil {
		tb, ok := info.Types[b]
		return ok && tb.Value != nil && constant.Compare(ta.Value, token.EQL, tb.Value)
	}
	switch x := a.(type) {
	case *ast.Ident:
		y, ok := b.(*ast.Ident)
		return ok && info.ObjectOf(x) != nil && info.ObjectOf(x) == info.ObjectOf(y)
	case *ast.SelectorExpr:
		y, ok := b.(*ast.SelectorExpr)
		if !ok || info.ObjectOf(x.Sel) == nil || info.ObjectOf(x.Sel) != info.ObjectOf(y.Sel) {
			return false
		}
		if _, isPkg := info.ObjectOf(identOf(x.X)).(*types.PkgName); isPkg {
			return true
		}
		return c.sameExpr(x.X, y.X)
	case *ast.CallExpr:
		y, ok := b.(*ast.CallExpr)
		if !ok || len(x.Args) != len(y.Args) || x.Ellipsis.IsValid() != y.Ellipsis.IsValid() || !c.sameExpr(x.Fun, y.Fun) {
			return false
		}
		for i := range x.Args {
			if !c.sameExpr(x.Args[i], y.Args[i]) {
				return false
			}
		}
		return true
	case *ast.IndexExpr:
		y, ok := b.(*ast.IndexExpr)
		return ok && c.sameExpr(x.X, y.X) && c.sameExpr(x.Index, y.Index)
	case *ast.StarExpr:
		y, ok := b.(*ast.StarExpr)
		return ok && c.sameExpr(x.X, y.X)
	case *ast.BinaryExpr:
		y, ok := b.(*ast.BinaryExpr)
		return ok && x.Op == y.Op && c.sameExpr(x.X, y.X) && c.sameExpr(x.Y, y.Y)
	case *ast.BasicLit:
		y, ok := b.(*ast.BasicLit)
		return ok && x.Kind == y.Kind && x.Value == y.Value
	}
	return false
}

func identOf(e ast.Expr) *ast.Ident {
	if id, ok := ast.Unparen(e).(*ast.Ident); ok {
		return id
	}
	return &ast.Ident{}
}
