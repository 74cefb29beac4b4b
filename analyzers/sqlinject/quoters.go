package sqlinject

import (
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"strings"

	"github.com/drillhq/drill/analyzers/internal/predicate"
)

// pgxPaths are the pgx major versions whose Identifier type quotes.
var pgxPaths = []string{"github.com/jackc/pgx/v5", "github.com/jackc/pgx/v4", "github.com/jackc/pgx"}

// isQuoter reports whether fn is a driver's quoting function: its result
// is one double-quoted identifier or one single-quoted literal with the
// quote character doubled inside, so whatever went in cannot end the name
// or string early and add SQL of its own. Table and schema names, which
// cannot be sent as parameters, are quoted this way.
func isQuoter(fn *types.Func) bool {
	if predicate.IsFunctionNamed(fn, "github.com/lib/pq", "QuoteIdentifier", "QuoteLiteral") {
		return true
	}
	for _, p := range pgxPaths {
		if predicate.IsMethodNamed(fn, p, "Identifier", "Sanitize") {
			return true
		}
	}
	return false
}

// A package's own quoting helper does what the drivers' do:
//
//	func quoteIdent(name string) string {
//		return `"` + strings.ReplaceAll(name, `"`, `""`) + `"`
//	}
//
// (or fmt.Sprintf(`"%s"`, strings.ReplaceAll(...)), with ", ` or ' as the
// quote). It is recognised by that shape, not by its name: every return
// wraps the parameter, with its quote character doubled, in that quote.

// isLocalQuoter reports whether fn, declared in this package, is such a
// helper.
func (c *checker) isLocalQuoter(fn *types.Func) bool {
	decl := c.funcs[fn.Origin()]
	if decl == nil || decl.Body == nil {
		return false
	}
	sig := fn.Type().(*types.Signature)
	if sig.Params().Len() != 1 || sig.Results().Len() != 1 ||
		!predicate.IsBasicKind(sig.Params().At(0).Type(), types.String) ||
		!predicate.IsBasicKind(sig.Results().At(0).Type(), types.String) {
		return false
	}
	param := sig.Params().At(0)
	returns := 0
	quoted := true
	ast.Inspect(decl.Body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.ReturnStmt:
			returns++
			if len(n.Results) != 1 || !c.quotesParam(n.Results[0], param) {
				quoted = false
			}
		}
		return quoted
	})
	return quoted && returns > 0
}

// quotesParam reports whether e is Q + escape(param) + Q, or
// fmt.Sprintf("Q%sQ", escape(param)), for a quote character Q.
func (c *checker) quotesParam(e ast.Expr, param *types.Var) bool {
	info := c.pass.TypesInfo
	switch e := ast.Unparen(e).(type) {
	case *ast.BinaryExpr: // (Q + escaped) + Q
		left, ok := ast.Unparen(e.X).(*ast.BinaryExpr)
		if !ok || e.Op != token.ADD || left.Op != token.ADD {
			return false
		}
		q := constString(info, left.X)
		return len(q) == 1 && constString(info, e.Y) == q && c.escapes(left.Y, param, q)
	case *ast.CallExpr:
		fn := predicate.CalleeFunc(info, e)
		if !predicate.IsFunctionNamed(fn, "fmt", "Sprintf") || len(e.Args) != 2 {
			return false
		}
		format := constString(info, e.Args[0])
		if len(format) != 4 || format[1:3] != "%s" || format[0] != format[3] {
			return false
		}
		return c.escapes(e.Args[1], param, format[:1])
	}
	return false
}

// escapes reports whether e is strings.ReplaceAll(param, q, q+q) (or
// strings.Replace with n = -1): param with its quote character doubled.
func (c *checker) escapes(e ast.Expr, param *types.Var, q string) bool {
	info := c.pass.TypesInfo
	call, ok := ast.Unparen(e).(*ast.CallExpr)
	if !ok || len(call.Args) < 3 || !strings.ContainsAny(q, "\"`'") {
		return false
	}
	fn := predicate.CalleeFunc(info, call)
	switch {
	case predicate.IsFunctionNamed(fn, "strings", "ReplaceAll") && len(call.Args) == 3:
	case predicate.IsFunctionNamed(fn, "strings", "Replace") && len(call.Args) == 4:
		if n, ok := constant.Int64Val(constantOf(info, call.Args[3])); !ok || n != -1 {
			return false
		}
	default:
		return false
	}
	id, ok := ast.Unparen(call.Args[0]).(*ast.Ident)
	return ok && info.Uses[id] == param &&
		constString(info, call.Args[1]) == q && constString(info, call.Args[2]) == q+q
}

// constString is e's value when it is a constant string, else "".
func constString(info *types.Info, e ast.Expr) string {
	if tv, ok := info.Types[e]; ok && tv.Value != nil && tv.Value.Kind() == constant.String {
		return constant.StringVal(tv.Value)
	}
	return ""
}

// constantOf is e's constant value, or an unknown one.
func constantOf(info *types.Info, e ast.Expr) constant.Value {
	if tv, ok := info.Types[e]; ok && tv.Value != nil {
		return tv.Value
	}
	return constant.MakeUnknown()
}
