package sqlinject

import (
	"go/ast"
	"go/constant"
	"go/types"
	"regexp/syntax"

	"github.com/drillhq/drill/analyzers/internal/predicate"
)

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
	fn := predicate.CalleeFunc(c.pass.TypesInfo, call)
	var flags syntax.Flags
	switch {
	case predicate.IsFunctionNamed(fn, "regexp", "MustCompile"):
		flags = syntax.Perl
	case predicate.IsFunctionNamed(fn, "regexp", "MustCompilePOSIX"):
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
