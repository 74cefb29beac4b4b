package decodecheck

import (
	"go/ast"
	"go/types"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ast/edge"
	"golang.org/x/tools/go/ast/inspector"

	"github.com/drillhq/drill/analyzers/internal/predicate"
)

// decodeFunc names the decoding call fn is, as the message quotes it, or
// "" when fn decodes nothing.
func decodeFunc(fn *types.Func) string {
	switch {
	case predicate.IsFunctionNamed(fn, "encoding/json", "Unmarshal"):
		return "json.Unmarshal"
	case predicate.IsFunctionNamed(fn, "encoding/xml", "Unmarshal"):
		return "xml.Unmarshal"
	case predicate.IsMethodNamed(fn, "encoding/json", "Decoder", "Decode"):
		return "json.Decoder.Decode"
	case predicate.IsMethodNamed(fn, "encoding/xml", "Decoder", "Decode"):
		return "xml.Decoder.Decode"
	}
	return ""
}

// checkIgnored reports call when it decodes and its error is dropped: a
// bare statement (also under go or defer), or `_ =` when a request's or a
// response's Body is being decoded.
func checkIgnored(pass *analysis.Pass, cur inspector.Cursor, call *ast.CallExpr) {
	fn := predicate.CalleeFunc(pass.TypesInfo, call)
	if predicate.IsFunctionNamed(fn, "net/http", "MaxBytesReader") {
		checkLimitDropped(pass, cur, call)
		return
	}
	name := decodeFunc(fn)
	if name == "" {
		return
	}
	switch cur.ParentEdgeKind() {
	case edge.ExprStmt_X, edge.GoStmt_Call, edge.DeferStmt_Call:
	case edge.AssignStmt_Rhs:
		as := cur.Parent().Node().(*ast.AssignStmt)
		if len(as.Lhs) != 1 || !isBlank(as.Lhs[0]) || !decodesBody(pass, call) {
			return
		}
	default:
		return
	}
	pass.Reportf(call.Pos(), "the error of %s is ignored: a malformed or truncated input leaves the value zero or half-filled and the code goes on as if it were valid; check it (a handler answers 400)", name)
}

func isBlank(e ast.Expr) bool {
	id, ok := ast.Unparen(e).(*ast.Ident)
	return ok && id.Name == "_"
}

// decodesBody reports whether call decodes straight from a Body field:
// json.NewDecoder(r.Body).Decode(&v).
func decodesBody(pass *analysis.Pass, call *ast.CallExpr) bool {
	sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
	if !ok {
		return false
	}
	ctor, ok := ast.Unparen(sel.X).(*ast.CallExpr)
	if !ok || len(ctor.Args) != 1 {
		return false
	}
	if !predicate.IsFunctionNamed(predicate.CalleeFunc(pass.TypesInfo, ctor), "encoding/json", "NewDecoder") &&
		!predicate.IsFunctionNamed(predicate.CalleeFunc(pass.TypesInfo, ctor), "encoding/xml", "NewDecoder") {
		return false
	}
	body, ok := ast.Unparen(ctor.Args[0]).(*ast.SelectorExpr)
	return ok && body.Sel.Name == "Body"
}

// checkLimitDropped reports http.MaxBytesReader whose result is thrown
// away: the limit applies only to reads through the reader it returns, so
// the body the handler goes on to decode is as unbounded as before.
func checkLimitDropped(pass *analysis.Pass, cur inspector.Cursor, call *ast.CallExpr) {
	switch cur.ParentEdgeKind() {
	case edge.ExprStmt_X:
	case edge.AssignStmt_Rhs:
		as := cur.Parent().Node().(*ast.AssignStmt)
		if len(as.Lhs) != 1 || !isBlank(as.Lhs[0]) {
			return
		}
	default:
		return
	}
	pass.Reportf(call.Pos(), "the reader http.MaxBytesReader returns is dropped, so the limit applies to nothing: the body is read as unbounded as before; assign it back (r.Body = http.MaxBytesReader(w, r.Body, n))")
}
