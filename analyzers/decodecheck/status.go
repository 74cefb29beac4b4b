package decodecheck

import (
	"go/ast"
	"go/types"

	"golang.org/x/tools/go/analysis"

	"github.com/drillhq/drill/analyzers/internal/predicate"
)

// response is one *http.Response a function obtains itself, and what the
// function does with it.
type response struct {
	v       *types.Var
	checked bool     // StatusCode or Status is read somewhere
	escapes bool     // handed on whole: a call, a return, a store
	decoded ast.Expr // the first decode of its Body, if any
}

// fetches reports whether fn sends a request and returns its response.
func fetches(fn *types.Func) bool {
	return predicate.IsFunctionNamed(fn, "net/http", "Get", "Post", "PostForm", "Head") ||
		predicate.IsMethodNamed(fn, "net/http", "Client", "Do", "Get", "Post", "PostForm", "Head")
}

// bodyStatusFields are the fields through which APIs that answer errors
// in a JSON body of their own report them ({"ok": false, "error_code":
// 400}, {"success": false, "error-codes": [...]}). A function that reads one
// of them from what it decoded checks the outcome, if not the status code.
var bodyStatusFields = map[string]bool{
	"Ok": true, "OK": true, "Success": true, "Succeeded": true,
	"Error": true, "Errors": true, "ErrorCode": true, "ErrorCodes": true, "Err": true,
}

// readers are the calls whose argument, when it is a response's Body, means
// the body is about to be decoded.
func reads(fn *types.Func) bool {
	return predicate.IsFunctionNamed(fn, "encoding/json", "NewDecoder") ||
		predicate.IsFunctionNamed(fn, "encoding/xml", "NewDecoder") ||
		predicate.IsFunctionNamed(fn, "io", "ReadAll")
}

// checkStatus reports, in one function body, each response the function
// fetched and decodes without ever reading its status.
func checkStatus(pass *analysis.Pass, body *ast.BlockStmt) {
	info := pass.TypesInfo
	resps := map[*types.Var]*response{}
	var order []*response
	// The responses this body fetches, outside nested function literals
	// (those are checked on their own).
	ast.Inspect(body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.AssignStmt:
			if len(n.Rhs) != 1 || len(n.Lhs) < 1 {
				return true
			}
			call, ok := ast.Unparen(n.Rhs[0]).(*ast.CallExpr)
			if !ok || !fetches(predicate.CalleeFunc(info, call)) {
				return true
			}
			if v, ok := info.ObjectOf(predicate.Ident(n.Lhs[0])).(*types.Var); ok && resps[v] == nil {
				resps[v] = &response{v: v}
				order = append(order, resps[v])
			}
		}
		return true
	})
	if len(resps) == 0 {
		return
	}
	// Every use of them, nested literals included: a status check in a
	// closure still counts. An identifier that is neither selected from
	// (resp.Body), compared (resp != nil) nor assigned to hands the
	// response on whole.
	benign := map[*ast.Ident]bool{}
	inBody := false // some value's ok/success/error field is read
	ast.Inspect(body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.SelectorExpr:
			id, ok := ast.Unparen(n.X).(*ast.Ident)
			if !ok {
				return true
			}
			if r := resps[varOf(info, id)]; r != nil {
				benign[id] = true
				if n.Sel.Name == "StatusCode" || n.Sel.Name == "Status" {
					r.checked = true
				}
			} else if bodyStatusFields[n.Sel.Name] {
				inBody = true
			}
		case *ast.BinaryExpr:
			for _, e := range []ast.Expr{n.X, n.Y} {
				if id, ok := ast.Unparen(e).(*ast.Ident); ok {
					benign[id] = true
				}
			}
		case *ast.AssignStmt:
			for _, l := range n.Lhs {
				if id, ok := ast.Unparen(l).(*ast.Ident); ok {
					benign[id] = true
				}
			}
		case *ast.CallExpr:
			if !reads(predicate.CalleeFunc(info, n)) {
				return true
			}
			for _, a := range n.Args {
				if r := bodyOf(info, resps, a); r != nil && r.decoded == nil {
					r.decoded = n
				}
			}
		}
		return true
	})
	ast.Inspect(body, func(n ast.Node) bool {
		if id, ok := n.(*ast.Ident); ok && !benign[id] {
			if r := resps[varOf(info, id)]; r != nil {
				r.escapes = true
			}
		}
		return true
	})
	for _, r := range order {
		if r.decoded != nil && !r.checked && !r.escapes && !inBody {
			pass.Reportf(r.decoded.Pos(), "the body of %s is decoded without checking %s.StatusCode: an error page (404, 500, a proxy's HTML) is decoded as if it were the answer; check the status first", r.v.Name(), r.v.Name())
		}
	}
}

func varOf(info *types.Info, id *ast.Ident) *types.Var {
	v, _ := info.Uses[id].(*types.Var)
	return v
}

// bodyOf returns the response whose Body e reads, directly or wrapped in
// a reader (io.LimitReader(resp.Body, n)), or nil.
func bodyOf(info *types.Info, resps map[*types.Var]*response, e ast.Expr) *response {
	var found *response
	ast.Inspect(e, func(n ast.Node) bool {
		if sel, ok := n.(*ast.SelectorExpr); ok && sel.Sel.Name == "Body" && found == nil {
			if id, ok := ast.Unparen(sel.X).(*ast.Ident); ok {
				found = resps[varOf(info, id)]
			}
		}
		return found == nil
	})
	return found
}
