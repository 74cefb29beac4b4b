package sqlinject

import (
	"go/ast"
	"go/types"
	"strings"

	"golang.org/x/tools/go/ast/inspector"

	"github.com/drillhq/drill/analyzers/internal/predicate"
)

// SQL handed over by the module's own packages. Real applications keep
// their query builders and filter compilers in a package of their own
// (store/filter.Render, a WHERE-clause builder filling a *[]string) and
// splice what they return into statements elsewhere. Those packages are
// the module's code, reviewed with it; the placeholders they emit cannot be
// told apart from an injection without following every path through them.
// So a result of a function or method from another package of the same
// module is trusted, and so is what such a call writes through a pointer
// it is given, unless the call is handed the request itself (an
// *http.Request, its URL values, headers or form): a helper that reads a
// path parameter or a query value out of the request is a source, not a
// builder. Packages of other modules (router parameter helpers, ORMs) stay
// untrusted, as before.

// requestTypes are the net/http and net/url types that carry what a client
// sent.
var requestTypes = []struct{ pkg, name string }{
	{"net/http", "Request"}, {"net/http", "Header"}, {"net/http", "Cookie"},
	{"net/url", "Values"}, {"net/url", "URL"}, {"mime/multipart", "Form"},
}

// trustedCall reports whether call runs a function of another package of
// the module under analysis and is not handed the request.
func (c *checker) trustedCall(call *ast.CallExpr) bool {
	fn := predicate.CalleeFunc(c.pass.TypesInfo, call)
	if fn == nil || fn.Pkg() == nil || fn.Pkg() == c.pass.Pkg || !c.sameModule(fn.Pkg().Path()) {
		return false
	}
	args := call.Args
	if sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr); ok {
		args = append([]ast.Expr{sel.X}, args...) // the receiver may be a request wrapper
	}
	for _, a := range args {
		if c.carriesRequest(c.pass.TypesInfo.TypeOf(a)) {
			return false
		}
	}
	return true
}

// sameModule reports whether the package at path belongs to the module of
// the package under analysis. Without module information (GOPATH mode)
// nothing is trusted.
func (c *checker) sameModule(path string) bool {
	m := c.pass.Module
	if m == nil || m.Path == "" {
		return false
	}
	return path == m.Path || strings.HasPrefix(path, m.Path+"/")
}

// carriesRequest reports whether t is one of the request types, a pointer
// to one, or a struct (or pointer to one) with such a field: a context
// type wrapping the request.
func (c *checker) carriesRequest(t types.Type) bool {
	if t == nil {
		return false
	}
	if isRequestType(t) {
		return true
	}
	st, ok := predicate.Unpointer(t).Underlying().(*types.Struct)
	if !ok {
		return false
	}
	for f := range st.Fields() {
		if isRequestType(f.Type()) {
			return true
		}
	}
	return false
}

func isRequestType(t types.Type) bool {
	for _, r := range requestTypes {
		if predicate.IsTypeNamed(predicate.Unpointer(t), r.pkg, r.name) {
			return true
		}
	}
	return false
}

// intoTrustedCall reports whether the &v at cur is an argument of a
// trusted call, which then writes v only with SQL the module built
// (AppendConditions(..., &where, &args)).
func (c *checker) intoTrustedCall(cur inspector.Cursor) bool {
	call, ok := cur.Parent().Node().(*ast.CallExpr)
	return ok && c.trustedCall(call)
}
