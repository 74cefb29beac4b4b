package nplusone

import (
	"go/ast"
	"go/token"
	"go/types"
	"strings"

	"golang.org/x/tools/go/ast/inspector"
	"golang.org/x/tools/go/ssa"

	"github.com/drillhq/drill/analyzers/internal/flow"
	"github.com/drillhq/drill/analyzers/internal/predicate"
)

// What a transaction per element is right for. A loop body that sends a
// message, calls a web service or runs a program does something a
// rollback cannot take back: its transaction records that one delivery,
// and putting every element in one transaction would roll back the record
// of deliveries already made. A body that calls code taken from the
// element (a migration step's Up, a plugin's Handle) runs one unit of work
// per element by design.

// maxOutsideDepth bounds how far actsOutside follows same-package helpers
// from the loop body. Delivery code is a call or two below the loop
// (deliver -> send -> smtp.SendMail); the bound keeps the walk cheap on
// large packages, and a deeper effect is not seen (the loop is then
// judged as database work only).
const maxOutsideDepth = 4

// outsideVerbs start the names of functions and methods that hand work to
// the outside world: sendMail, Deliver, notifyUser, Publish, fetchFeed.
// Interface calls (mailer.Send) and other packages' functions have no
// body to look into here, so their name is all there is. A function
// known to run SQL (fetchUser with a query fact) is database work
// whatever its name.
var outsideVerbs = []string{
	"send", "deliver", "notify", "publish", "mail", "email", "dispatch", "enqueue", "emit", "webhook",
	"fetch", "download", "upload", "crawl", "charge",
}

// actsOutside reports whether the loop body, or a same-package function it
// calls, does work outside the database.
func (c *checker) actsOutside(fn *ssa.Function, body inspector.Cursor) bool {
	info := c.pass.TypesInfo
	for cur := range body.Preorder((*ast.CallExpr)(nil)) {
		call := cur.Node().(*ast.CallExpr)
		if f := predicate.CalleeFunc(info, call); f != nil && c.outsideFunc(f) {
			return true
		}
		sc := c.ssaCallAt(fn, call.Lparen)
		if sc == nil {
			continue
		}
		if callee := sc.Call.StaticCallee(); callee != nil && c.helperActsOutside(callee, map[*ssa.Function]bool{}, 0) {
			return true
		}
	}
	return false
}

// helperActsOutside looks through a same-package function's calls.
func (c *checker) helperActsOutside(fn *ssa.Function, seen map[*ssa.Function]bool, depth int) bool {
	if fn.Pkg != c.ssaPkg || seen[fn] || depth >= maxOutsideDepth {
		return false
	}
	seen[fn] = true
	for _, b := range fn.Blocks {
		for _, instr := range b.Instrs {
			ci, ok := instr.(ssa.CallInstruction)
			if !ok {
				continue
			}
			common := ci.Common()
			if f := predicate.Callee(common); f != nil && c.outsideFunc(f) {
				return true
			}
			if callee := common.StaticCallee(); callee != nil && c.helperActsOutside(callee, seen, depth+1) {
				return true
			}
		}
	}
	for _, anon := range fn.AnonFuncs {
		if c.helperActsOutside(anon, seen, depth+1) {
			return true
		}
	}
	return false
}

// outsideFunc reports whether calling f reaches outside the database and
// the process: an HTTP client request, a network dial, SMTP, a command,
// or a function named for a delivery.
func (c *checker) outsideFunc(f *types.Func) bool {
	if f.Pkg() == nil {
		return false
	}
	name := strings.ToLower(f.Name())
	for _, v := range outsideVerbs {
		if strings.HasPrefix(name, v) && !c.runsSQL(f) {
			return true
		}
	}
	path, recv := f.Pkg().Path(), ""
	if _, r := predicate.ReceiverName(f); r != "" {
		recv = r
	}
	switch path {
	case "net/smtp", "net/rpc":
		return true
	case "net/http":
		// The client side only: http.Error and the ResponseWriter answer
		// the request that the loop serves.
		return recv == "Client" || recv == "Transport" || recv == "" && (f.Name() == "Get" || f.Name() == "Post" || f.Name() == "PostForm" || f.Name() == "Head")
	case "net":
		return strings.HasPrefix(f.Name(), "Dial")
	case "os/exec":
		return recv == "Cmd"
	}
	return false
}

// runsElementCode reports whether the loop body calls a function value
// or an interface method taken from the element (elems: the variables
// the loop header binds): m.Up(ctx, tx), steps[i](tx), h.Handle(tx, ev).
// Values computed in the body (an err, a row) are not code to run.
func (c *checker) runsElementCode(body inspector.Cursor, elems map[types.Object]bool) bool {
	info := c.pass.TypesInfo
	for cur := range body.Preorder((*ast.CallExpr)(nil)) {
		call := cur.Node().(*ast.CallExpr)
		fun := ast.Unparen(call.Fun)
		if tv, ok := info.Types[fun]; ok && (tv.IsType() || tv.IsBuiltin()) {
			continue
		}
		f := predicate.CalleeFunc(info, call)
		switch {
		case f == nil:
			// A function value: what it runs depends on where it comes from.
			if predicate.Mentions(info, fun, elems) {
				return true
			}
		case isInterfaceMethod(f):
			if sel, ok := fun.(*ast.SelectorExpr); ok && predicate.Mentions(info, sel.X, elems) && !isHandle(info.TypeOf(sel.X)) && !predicate.IsErrorType(info.TypeOf(sel.X)) {
				return true
			}
		}
	}
	return false
}

func isInterfaceMethod(f *types.Func) bool {
	sig, ok := f.Type().(*types.Signature)
	if !ok || sig.Recv() == nil {
		return false
	}
	_, iface := sig.Recv().Type().Underlying().(*types.Interface)
	return iface
}

// elementDeps returns the variables that hold the current element or
// something computed from it: the loop's element variables, the targets
// a rows loop scans into, and, to a fixed point, every variable of the
// body assigned from an expression that mentions one of them.
func (c *checker) elementDeps(loop inspector.Cursor, rows bool) map[types.Object]bool {
	info := c.pass.TypesInfo
	stmt := loop.Node().(ast.Stmt)
	deps := elementVars(info, stmt)
	body := loop.Child(flow.LoopBody(stmt))
	add := func(e ast.Expr) bool {
		if id := predicate.Ident(rootOf(e)); id != nil {
			if obj := info.ObjectOf(id); obj != nil && !deps[obj] {
				deps[obj] = true
				return true
			}
		}
		return false
	}
	if rows {
		for cur := range body.Preorder((*ast.UnaryExpr)(nil)) {
			if u := cur.Node().(*ast.UnaryExpr); u.Op == token.AND {
				add(u.X) // rows.Scan(&e.ID): the row is the element
			}
		}
	}
	for changed := true; changed; {
		changed = false
		for cur := range body.Preorder((*ast.AssignStmt)(nil), (*ast.ValueSpec)(nil), (*ast.RangeStmt)(nil)) {
			switch n := cur.Node().(type) {
			case *ast.AssignStmt:
				if mentionsAny(info, n.Rhs, deps) {
					for _, l := range n.Lhs {
						changed = add(l) || changed
					}
				}
			case *ast.ValueSpec:
				if mentionsAny(info, n.Values, deps) {
					for _, l := range n.Names {
						changed = add(l) || changed
					}
				}
			case *ast.RangeStmt:
				if predicate.Mentions(info, n.X, deps) {
					for _, l := range []ast.Expr{n.Key, n.Value} {
						if l != nil {
							changed = add(l) || changed
						}
					}
				}
			}
		}
	}
	return deps
}

func mentionsAny(info *types.Info, es []ast.Expr, objs map[types.Object]bool) bool {
	for _, e := range es {
		if predicate.Mentions(info, e, objs) {
			return true
		}
	}
	return false
}

// runsSQL reports whether f is a function this package or a fact knows
// to run SQL.
func (c *checker) runsSQL(f *types.Func) bool {
	if isInterfaceMethod(f) {
		return false
	}
	fn := c.ssaPkg.Prog.FuncValue(f)
	s := c.summaryOf(fn)
	return s != nil && !s.empty()
}
