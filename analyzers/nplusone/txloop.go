package nplusone

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/ast/inspector"
	"golang.org/x/tools/go/cfg"
	"golang.org/x/tools/go/ssa"

	"github.com/drillhq/drill/analyzers/internal/flow"
	"github.com/drillhq/drill/analyzers/internal/predicate"
	"github.com/drillhq/drill/analyzers/internal/sqlcall"
)

// A transaction per element. A loop over a collection whose body begins a
// transaction, runs the element's statements through it and commits, pays
// a BEGIN and a COMMIT (a disk flush) per element on top of the
// statements, and the batch is not atomic: when element k fails the
// function returns an error with elements 0..k-1 already committed. One
// transaction around the loop fixes both.
//
// The rule is narrow on purpose. It needs, in one loop over a collection
// (the same loops, worker and fixed-list exemptions as the N+1 rule):
//
//   - a Begin that runs on every iteration: a statement of the loop body
//     itself, not under an if (a transaction begun every 1000 rows is a
//     chunked batch), with the loop as its innermost loop (a retry loop
//     around one transaction is not a collection), on a handle that does
//     not change with the loop (one transaction per shard is a fan-out);
//   - a Commit of that transaction in the same loop, not deferred;
//   - after the Begin, a statement through the transaction that depends
//     on the element, directly (tx.Exec(q, e.ID)) or through a helper the
//     transaction is handed to (createEntry(tx, e));
//   - after that statement, a return that gives up on the batch: an error
//     returned, or a return under an err != nil check. A body that logs
//     and goes on to the next element wants each element committed on its
//     own;
//
// and it stays silent when the body does work outside the database that a
// rollback cannot undo (a delivery, an HTTP call: see external.go), runs
// code taken from the element (a migration step, a plugin), or lives in
// a startup function (main, init).

// txFinding is one Begin run once per element.
type txFinding struct {
	expr *ast.CallExpr
	name string
	coll collection
}

// checkTxLoops reports fn's loops over a collection that begin and commit
// a transaction per element.
func (c *checker) checkTxLoops(fn *ssa.Function, graph *cfg.CFG, scripts map[inspector.Cursor]bool) {
	if startupFunc(fn) {
		return // one-off work before the program serves anything
	}
	fnCur := c.funcCursor(fn)
	if !fnCur.Valid() || fnCur.Node() != fn.Syntax() {
		return
	}
	if predicate.InTestCode(c.pass.TypesInfo, c.pass.Fset, fnCur) {
		return
	}
	for cur := range fnCur.Preorder((*ast.CallExpr)(nil)) {
		if f, ok := c.txPerElement(fn, graph, scripts, cur); ok {
			c.pass.ReportRangef(f.expr, "%s", txMessage(f))
		}
	}
}

// txPerElement judges one call of fn's body: is it a Begin the rule above
// reports?
func (c *checker) txPerElement(fn *ssa.Function, graph *cfg.CFG, scripts map[inspector.Cursor]bool, cur inspector.Cursor) (txFinding, bool) {
	info := c.pass.TypesInfo
	call := cur.Node().(*ast.CallExpr)
	m, ok := beginMethod(predicate.CalleeFunc(info, call))
	if !ok {
		return txFinding{}, false
	}
	loops := enclosingLoops(cur)
	if len(loops) == 0 || ownerFunc(cur) != fn.Syntax() {
		return txFinding{}, false
	}
	loop := loops[0]
	stmt := loop.Node().(ast.Stmt)
	coll, ok := c.collectionOf(fn, stmt)
	if !ok || scripts[loop] || !flow.PerIteration(graph, stmt, call.Lparen) {
		return txFinding{}, false
	}
	body := flow.LoopBody(stmt)
	txObj := beginTarget(info, cur, body)
	if txObj == nil {
		return txFinding{}, false // conditional, or the transaction is not kept in a variable
	}
	if perDatabase(info, call, c.varying(loop)) {
		return txFinding{}, false // one transaction per shard or database
	}
	bodyCur := loop.Child(body)
	if !commitsIn(info, bodyCur, txObj, stmt) {
		return txFinding{}, false
	}
	deps := c.elementDeps(loop, coll.rows)
	delete(deps, txObj)
	first := c.firstTxStatement(fn, bodyCur, call.End(), txObj, deps)
	if !first.IsValid() {
		return txFinding{}, false // nothing per element goes through it
	}
	if !abortsAfter(info, fn, bodyCur, first) {
		return txFinding{}, false // each element is committed on its own, failures skipped
	}
	if c.runsElementCode(bodyCur, elementVars(info, stmt)) || c.actsOutside(fn, bodyCur) {
		return txFinding{}, false
	}
	return txFinding{expr: call, name: m.Name, coll: coll}, true
}

// beginMethod reports whether f begins a transaction: database/sql's or
// sqlx's Begin family, or an interface's Begin that returns a *sql.Tx.
func beginMethod(f *types.Func) (sqlcall.Method, bool) {
	m, ok := sqlcall.LookupText(f)
	if !ok || m.Op != sqlcall.Begin || m.On == sqlcall.OnInterface && !m.Typed {
		return sqlcall.Method{}, false
	}
	return m, true
}

// ownerFunc is the declaration or literal whose body holds cur.
func ownerFunc(cur inspector.Cursor) ast.Node {
	for fc := range cur.Enclosing((*ast.FuncDecl)(nil), (*ast.FuncLit)(nil)) {
		return fc.Node()
	}
	return nil
}

// beginTarget returns the variable a Begin call's transaction is stored in
// when the call is a statement of the loop body itself (tx, err :=
// db.Begin(), or var tx = ...): it runs on every iteration. nil otherwise.
func beginTarget(info *types.Info, call inspector.Cursor, body *ast.BlockStmt) types.Object {
	parent := call.Parent()
	var lhs ast.Expr
	switch p := parent.Node().(type) {
	case *ast.AssignStmt:
		if len(p.Rhs) == 1 && p.Rhs[0] == call.Node() {
			lhs = p.Lhs[0]
		}
	case *ast.ValueSpec:
		if len(p.Values) == 1 && p.Values[0] == call.Node() && len(p.Names) > 0 {
			lhs = p.Names[0]
			parent = parent.Parent() // the GenDecl, then its DeclStmt
			parent = parent.Parent()
		}
	}
	id := predicate.Ident(lhs)
	if id == nil || id.Name == "_" || parent.Parent().Node() != body {
		return nil
	}
	return info.ObjectOf(id)
}

// commitsIn reports whether the loop body commits tx on its own iteration:
// tx.Commit() outside a defer, a nested loop and a func literal.
func commitsIn(info *types.Info, body inspector.Cursor, tx types.Object, loop ast.Stmt) bool {
	for cur := range body.Preorder((*ast.CallExpr)(nil)) {
		sel, ok := ast.Unparen(cur.Node().(*ast.CallExpr).Fun).(*ast.SelectorExpr)
		if !ok || sel.Sel.Name != "Commit" {
			continue
		}
		if id := predicate.Ident(sel.X); id == nil || info.Uses[id] != tx {
			continue
		}
		if _, deferred := cur.Parent().Node().(*ast.DeferStmt); deferred {
			continue
		}
		if loops := enclosingLoops(cur); len(loops) > 0 && loops[0].Node() == loop {
			return true
		}
	}
	return false
}

// firstTxStatement returns the position of the first call after from, in
// the loop body, that runs SQL through tx and depends on the element: a
// database/sql method on tx, or a function that runs SQL and is handed tx.
func (c *checker) firstTxStatement(fn *ssa.Function, body inspector.Cursor, from token.Pos, tx types.Object, deps map[types.Object]bool) token.Pos {
	info := c.pass.TypesInfo
	txSet := map[types.Object]bool{tx: true}
	for cur := range body.Preorder((*ast.CallExpr)(nil)) {
		call := cur.Node().(*ast.CallExpr)
		if call.Pos() < from || !predicate.Mentions(info, call, txSet) || !predicate.Mentions(info, call, deps) {
			continue
		}
		sc := c.ssaCallAt(fn, call.Lparen)
		if sc == nil {
			continue // in a func literal: another function's call
		}
		if _, ok := sqlMethod(&sc.Call); ok {
			if sel, isSel := ast.Unparen(call.Fun).(*ast.SelectorExpr); isSel && predicate.Mentions(info, sel.X, txSet) {
				return call.Lparen
			}
			continue
		}
		if _, ok := c.effectOf(fn, &sc.Call); ok {
			return call.Lparen
		}
	}
	return token.NoPos
}

// abortsAfter reports whether the loop body, after pos, can return from fn
// on a failure: a return whose error result is not nil, or any return
// under an error check (an HTTP handler that writes the error and
// returns). The batch then ends half committed.
func abortsAfter(info *types.Info, fn *ssa.Function, body inspector.Cursor, pos token.Pos) bool {
	res := fn.Signature.Results()
	errResult := res.Len() > 0 && predicate.IsErrorType(res.At(res.Len()-1).Type())
	for cur := range body.Preorder((*ast.ReturnStmt)(nil)) {
		ret := cur.Node().(*ast.ReturnStmt)
		if ret.Pos() < pos || ownerFunc(cur) != ownerFunc(body) {
			continue
		}
		if errResult {
			if len(ret.Results) == 0 {
				return true // a naked return of a named err
			}
			if last := ret.Results[len(ret.Results)-1]; !isNil(info, last) {
				return true
			}
			continue
		}
		if underErrCheck(info, cur) {
			return true
		}
	}
	return false
}

func isNil(info *types.Info, e ast.Expr) bool {
	id := predicate.Ident(e)
	if id == nil {
		return false
	}
	_, ok := info.Uses[id].(*types.Nil)
	return ok
}

// underErrCheck reports whether cur sits in the then-branch of an if whose
// condition mentions a value of type error.
func underErrCheck(info *types.Info, cur inspector.Cursor) bool {
	for ifc := range cur.Enclosing((*ast.IfStmt)(nil), (*ast.FuncLit)(nil)) {
		ifs, ok := ifc.Node().(*ast.IfStmt)
		if !ok {
			return false
		}
		if !flow.Within(ifs.Body, cur.Node()) {
			continue
		}
		found := false
		ast.Inspect(ifs.Cond, func(n ast.Node) bool {
			if e, isExpr := n.(ast.Expr); isExpr && !found && predicate.IsErrorType(info.TypeOf(e)) {
				found = true
			}
			return !found
		})
		if found {
			return true
		}
	}
	return false
}

// startupFunc reports whether fn is, or is a literal inside, a package's
// main or init: work done once before anything is served.
func startupFunc(fn *ssa.Function) bool {
	for fn.Parent() != nil {
		fn = fn.Parent()
	}
	decl, ok := fn.Syntax().(*ast.FuncDecl)
	return ok && decl.Recv == nil && (decl.Name.Name == "init" || decl.Name.Name == "main" && fn.Pkg != nil && fn.Pkg.Pkg.Name() == "main")
}

// txMessage words the finding in nplusone's style: what runs per element,
// what it costs, and what to do instead.
func txMessage(f txFinding) string {
	unit := "element"
	if f.coll.rows {
		unit = "row"
	}
	return fmt.Sprintf("%s begins a transaction once per %s of %s: a commit per %s, and a failure half-way returns an error with the earlier %ss already committed; begin one transaction before the loop and commit once after it (or write them all in one batch statement)",
		f.name, unit, f.coll.name, unit, unit)
}
