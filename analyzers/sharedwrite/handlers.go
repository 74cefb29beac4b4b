package sharedwrite

import (
	"go/ast"
	"go/types"

	"golang.org/x/tools/go/analysis/passes/buildssa"
	"golang.org/x/tools/go/ast/edge"
	"golang.org/x/tools/go/ast/inspector"
	"golang.org/x/tools/go/ssa"

	"github.com/drillhq/drill/analyzers/internal/predicate"
)

// HTTP handlers: functions net/http runs on a goroutine per request, and
// the writes they make to state every request shares.

// A handler is a function net/http may run on many goroutines at once.
type handler struct {
	fn     *ssa.Function
	shared map[ssa.Value]bool // receiver parameter, if it is shared
}

// maxCallDepth bounds how many calls below a handler checkHandler follows
// methods called on shared state (h.record() calling h.bump()): deep enough
// for a helper and the helper it delegates to, without walking the whole
// package from every handler.
const maxCallDepth = 2

func isHandlerSig(sig *types.Signature) bool {
	if sig.Params().Len() != 2 || sig.Results().Len() != 0 {
		return false
	}
	return predicate.IsTypeNamed(sig.Params().At(0).Type(), "net/http", "ResponseWriter") &&
		predicate.IsPointerToNamed(sig.Params().At(1).Type(), "net/http", "Request")
}

// handlers finds ServeHTTP methods, function literals with the handler
// signature, and named functions or methods with that signature that are
// used as values (mux.HandleFunc("/x", s.list), http.HandlerFunc(hello)).
// Test files are skipped: httptest handlers counting calls are not served
// concurrently in a way that matters.
func (c *checker) handlers(ssainfo *buildssa.SSA) []handler {
	byObj := map[types.Object]*ssa.Function{}
	for _, fn := range ssainfo.SrcFuncs {
		if obj := fn.Object(); obj != nil {
			byObj[obj] = fn
		}
	}
	// A function used other than as the callee of a call is handed to
	// something (a mux, http.HandlerFunc, a middleware): it will be served.
	info := c.pass.TypesInfo
	used := map[*ssa.Function]bool{}
	for cur := range c.insp.Root().Preorder((*ast.Ident)(nil)) {
		if fn := byObj[info.Uses[cur.Node().(*ast.Ident)]]; fn != nil && !isCallee(cur) {
			used[fn] = true
		}
	}
	var out []handler
	for _, fn := range ssainfo.SrcFuncs {
		if !isHandlerSig(fn.Signature) || predicate.IsTestFile(c.pass.Fset, fn.Pos()) {
			continue
		}
		h := handler{fn: fn, shared: map[ssa.Value]bool{}}
		switch {
		case fn.Parent() != nil: // a function literal
		case fn.Signature.Recv() != nil && (fn.Name() == "ServeHTTP" || used[fn]):
			h.shared[fn.Params[0]] = true
		case used[fn]:
		default:
			continue
		}
		out = append(out, h)
	}
	return out
}

// isCallee reports whether the identifier at id names the function a call
// invokes, f(x), s.f(x) or (s.f)(x), rather than passing it on as a value.
func isCallee(id inspector.Cursor) bool {
	if id.ParentEdgeKind() == edge.SelectorExpr_Sel {
		id = id.Parent()
	}
	for id.ParentEdgeKind() == edge.ParenExpr_X {
		id = id.Parent()
	}
	return id.ParentEdgeKind() == edge.CallExpr_Fun
}

// checkHandler reports writes a handler makes to state every request
// shares: receiver fields, captured variables and package variables. Methods
// of the same package called on shared state are followed down to
// maxCallDepth. Variables of the creating call captured by a literal that
// only runs in place are not shared (see inplace.go).
func (c *checker) checkHandler(h handler, visiting map[ssa.Value]bool, depth int) {
	fn := h.fn
	perRequest := insideHandler(fn)
	perCall := perCallVars(fn) // nil unless fn is a literal run in place
	shared := func(v ssa.Value) bool {
		switch v.(type) {
		case *ssa.FreeVar:
			return !perRequest
		case *ssa.Global:
			return true
		}
		return h.shared[v]
	}
	for _, w := range writesIn(fn, shared) {
		if c.lockHeld(fn, w.instr) || storesSyncValue(w) || perCall.owns(w.addr) {
			continue
		}
		c.report(w, handlerMessage(w))
	}
	if depth >= maxCallDepth {
		return
	}
	for _, b := range fn.Blocks {
		for _, instr := range b.Instrs {
			call, ok := instr.(*ssa.Call)
			if !ok || call.Call.IsInvoke() || len(call.Call.Args) == 0 {
				continue
			}
			callee := call.Call.StaticCallee()
			if callee == nil || callee.Pkg != fn.Pkg || callee.Signature.Recv() == nil || len(callee.Params) == 0 || len(callee.Blocks) == 0 {
				continue
			}
			if isHandlerSig(callee.Signature) || visiting[callee] {
				continue // reported as a handler in its own right
			}
			root, _ := rootOf(call.Call.Args[0])
			if root == nil || !shared(root) || perCall.owns(call.Call.Args[0]) || c.lockHeld(fn, call) {
				continue
			}
			visiting[callee] = true
			c.checkHandler(handler{fn: callee, shared: map[ssa.Value]bool{callee.Params[0]: true}}, visiting, depth+1)
			delete(visiting, callee)
		}
	}
}

// insideHandler reports whether a function literal is created by a handler:
// the variables it captures then belong to one request.
func insideHandler(fn *ssa.Function) bool {
	for p := fn.Parent(); p != nil; p = p.Parent() {
		if isHandlerSig(p.Signature) {
			return true
		}
	}
	return false
}
