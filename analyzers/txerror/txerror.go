package txerror

import (
	_ "embed"
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"slices"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/buildssa"
	"golang.org/x/tools/go/ssa"

	"github.com/drillhq/drill/analyzers/internal/analysisdoc"
	"github.com/drillhq/drill/analyzers/internal/predicate"
	"github.com/drillhq/drill/analyzers/internal/scopedssa"
	"github.com/drillhq/drill/analyzers/internal/sqlapi"
)

//go:embed doc.go
var doc string

// Analyzer reports swallowed transaction errors.
var Analyzer = &analysis.Analyzer{
	Name:      "txerror",
	Doc:       analysisdoc.MustExtract(doc, "txerror"),
	URL:       "https://pkg.go.dev/github.com/drillhq/drill/analyzers/txerror",
	Run:       run,
	Requires:  []*analysis.Analyzer{scopedssa.Analyzer},
	FactTypes: []analysis.Fact{new(txFact)},
}

// txFact records which *sql.Tx parameters a function finishes or only
// uses, and on which *sql.DB parameters it runs statements.
type txFact struct {
	sqlapi.FuncFacts
	RunsOnDB []int
}

func (*txFact) AFact() {}

func (f *txFact) String() string {
	parts := []string{}
	if s := f.FuncFacts.String(); s != "" {
		parts = append(parts, s)
	}
	for _, i := range f.RunsOnDB {
		parts = append(parts, fmt.Sprintf("runsOnDB(%d)", i))
	}
	return strings.Join(parts, " ")
}

type checker struct {
	pass     *analysis.Pass
	env      *sqlapi.Env
	ixCache  *sqlapi.SourceIndex
	runsOnDB func(*types.Func, int) bool
	reported map[ssa.Instruction]bool
}

func run(pass *analysis.Pass) (any, error) {
	ssaInfo := pass.ResultOf[scopedssa.Analyzer].(*buildssa.SSA)
	if ssaInfo.Pkg == nil {
		return nil, nil // out of scope: no database/sql or net/http below it
	}
	imported := map[*types.Func]*txFact{}
	importFact := func(fn *types.Func) *txFact {
		if f, ok := imported[fn]; ok {
			return f
		}
		var f txFact
		var res *txFact
		if pass.ImportObjectFact(fn, &f) {
			res = &f
		}
		imported[fn] = res
		return res
	}
	table := sqlapi.NewFactTable(func(fn *types.Func) *sqlapi.FuncFacts {
		if f := importFact(fn); f != nil {
			return &f.FuncFacts
		}
		return nil
	})
	env := &sqlapi.Env{Kinds: sqlapi.KindsOf(sqlapi.Tx), Facts: table}
	objs := sqlapi.ComputeFacts(env, table, ssaInfo.SrcFuncs)
	localDB := computeRunsOnDB(ssaInfo.SrcFuncs, importFact)
	for _, obj := range objs {
		f := &txFact{RunsOnDB: localDB[obj]}
		if ff := table.Local[obj]; ff != nil {
			f.FuncFacts = *ff
		}
		if !f.FuncFacts.Empty() || len(f.RunsOnDB) > 0 {
			pass.ExportObjectFact(obj, f)
		}
	}

	c := &checker{
		pass: pass,
		env:  env,
		runsOnDB: func(fn *types.Func, i int) bool {
			if idx, ok := localDB[fn]; ok {
				return slices.Contains(idx, i)
			}
			f := importFact(fn)
			return f != nil && slices.Contains(f.RunsOnDB, i)
		},
		reported: map[ssa.Instruction]bool{},
	}
	for _, fn := range ssaInfo.SrcFuncs {
		c.checkFunc(fn)
	}
	return nil, nil
}

// computeRunsOnDB finds, for each function, the *sql.DB parameters it
// sends statements to, directly or through other such functions.
func computeRunsOnDB(funcs []*ssa.Function, importFact func(*types.Func) *txFact) map[*types.Func][]int {
	out := map[*types.Func][]int{}
	uses := func(fn *types.Func, i int) bool {
		if idx, ok := out[fn]; ok {
			return slices.Contains(idx, i)
		}
		f := importFact(fn)
		return f != nil && slices.Contains(f.RunsOnDB, i)
	}
	for range 8 {
		changed := false
		for _, fn := range funcs {
			obj, ok := fn.Object().(*types.Func)
			if !ok || fn.Parent() != nil {
				continue
			}
			var idx []int
			for i, p := range fn.Params {
				if predicate.IsPointerToNamed(p.Type(), "database/sql", "DB") && runsOn(fn, p, uses) {
					idx = append(idx, i)
				}
			}
			if !slices.Equal(idx, out[obj]) {
				if len(idx) > 0 || out[obj] != nil {
					out[obj] = idx
					changed = true
				}
			}
		}
		if !changed {
			break
		}
	}
	return out
}

// runsOn reports whether fn sends a statement to db (or a phi of it).
func runsOn(fn *ssa.Function, db ssa.Value, uses func(*types.Func, int) bool) bool {
	vals := map[ssa.Value]bool{db: true}
	work := []ssa.Value{db}
	for len(work) > 0 {
		v := work[len(work)-1]
		work = work[:len(work)-1]
		for _, r := range *v.Referrers() {
			switch r := r.(type) {
			case *ssa.Phi:
				if !vals[r] {
					vals[r] = true
					work = append(work, r)
				}
			case ssa.CallInstruction:
				c := r.Common()
				callee := predicate.Callee(c)
				for i, a := range c.Args {
					if a != v || callee == nil {
						continue
					}
					if i == 0 && isPoolStatement(callee) {
						return true
					}
					if uses(callee, i) {
						return true
					}
				}
			}
		}
	}
	return false
}

func (c *checker) checkFunc(fn *ssa.Function) {
	for _, b := range fn.Blocks {
		for _, in := range b.Instrs {
			switch in := in.(type) {
			case *ssa.Defer:
				if predicate.IsMethodNamed(predicate.Callee(&in.Call), "database/sql", "Tx", "Commit") {
					c.report(in, in.Pos(), "%s.Commit is deferred: its error is lost, and it commits even when the function fails halfway (use defer %s.Rollback() and return %s.Commit())",
						c.recvText(&in.Call), c.recvText(&in.Call), c.recvText(&in.Call))
				}
			case *ssa.Go:
				if predicate.IsMethodNamed(predicate.Callee(&in.Call), "database/sql", "Tx", "Commit") {
					c.report(in, in.Pos(), "%s.Commit runs in a goroutine: its error is lost and nobody waits for the data to be saved", c.recvText(&in.Call))
				}
			case *ssa.Call:
				callee := predicate.Callee(&in.Call)
				if predicate.IsMethodNamed(callee, "database/sql", "Tx", "Commit") {
					c.checkCommit(fn, in)
					continue
				}
				if src, ok := sqlapi.SourceOf(c.env, &in.Call); ok && src.Kind == sqlapi.Tx {
					c.checkBegin(fn, in, src)
					continue
				}
				c.checkStatement(fn, in)
			}
		}
	}
}

// checkCommit reports a Commit whose error goes nowhere but a log.
func (c *checker) checkCommit(fn *ssa.Function, call *ssa.Call) {
	if !sqlapi.LogOnly(call) {
		return
	}
	tx := c.recvText(&call.Call)
	used := false
	for _, r := range *call.Referrers() {
		if _, ok := r.(*ssa.DebugRef); !ok {
			used = true
		}
	}
	pos := c.stmtPos(call)
	if used && !deferredClosure(fn) && !failureOnlyLogged(call) {
		return // `if err != nil { http.Error(...); return }` handles it
	}
	switch {
	case deferredClosure(fn) && !used:
		c.report(call, pos, "the error of %s.Commit in this deferred function is dropped: assign it to the function's named error result so the caller learns the data was not saved", tx)
	case deferredClosure(fn):
		c.report(call, pos, "the error of %s.Commit in this deferred function is only logged: assign it to the function's named error result so the caller learns the data was not saved", tx)
	case !used:
		c.report(call, pos, "the error of %s.Commit is ignored: the caller reports success even when nothing was saved", tx)
	default:
		c.report(call, pos, "the error of %s.Commit is only logged: the caller reports success even when nothing was saved", tx)
	}
}

// deferredClosure reports whether fn is a function literal run by defer.
func deferredClosure(fn *ssa.Function) bool {
	parent := fn.Parent()
	if parent == nil {
		return false
	}
	for _, b := range parent.Blocks {
		for _, in := range b.Instrs {
			switch in := in.(type) {
			case *ssa.Defer:
				if in.Call.Value == ssa.Value(fn) {
					return true
				}
			case *ssa.MakeClosure:
				if in.Fn != ssa.Value(fn) {
					continue
				}
				for _, r := range *in.Referrers() {
					if d, ok := r.(*ssa.Defer); ok && d.Call.Value == ssa.Value(in) {
						return true
					}
				}
			}
		}
	}
	return false
}

// checkBegin reports an ignored Begin error and statements sent to the
// same *sql.DB while the transaction is open.
func (c *checker) checkBegin(fn *ssa.Function, call *ssa.Call, src sqlapi.Source) {
	var txv, errv *ssa.Extract
	for _, r := range *call.Referrers() {
		if ex, ok := r.(*ssa.Extract); ok {
			switch ex.Index {
			case src.Index:
				txv = ex
			case src.ErrIndex:
				errv = ex
			}
		}
	}
	if txv == nil || !hasUses(txv) {
		return // discarded altogether: sqlleak's business
	}
	site := c.ix().Site(call.Pos())
	txName := site.LHSName(src.Index)
	if txName == "" {
		txName = "the transaction"
	}
	if src.ErrIndex >= 0 && (errv == nil || !hasUses(errv)) {
		c.report(call, c.stmtPos(call), "the error of %s is ignored: when it fails %s is nil, and the first statement on it panics",
			sqlapi.CalleeName(&call.Call), txName)
	}

	callee := predicate.Callee(&call.Call)
	if call.Call.IsInvoke() || !predicate.IsMethodNamed(callee, "database/sql", "DB", "Begin", "BeginTx") {
		return
	}
	db := call.Call.Args[0]
	beginLine := c.pass.Fset.Position(call.Pos()).Line
	sqlapi.OpenRegion(c.env, fn, call, src, func(in ssa.Instruction) {
		sc, ok := in.(*ssa.Call)
		if !ok {
			return
		}
		f := predicate.Callee(&sc.Call)
		if f == nil || sc.Call.IsInvoke() {
			return
		}
		for i, a := range sc.Call.Args {
			if !predicate.SameValue(a, db) {
				continue
			}
			if i == 0 && isPoolStatement(f) {
				c.report(sc, c.stmtPos(sc), "%s.%s runs outside the transaction %s (begun on line %d): it is not rolled back with %s, and it needs a second pooled connection while %s holds one",
					c.recvText(&sc.Call), f.Name(), txName, beginLine, txName, txName)
				return
			}
			if c.runsOnDB(f, i) {
				c.report(sc, c.stmtPos(sc), "%s is given the *sql.DB while transaction %s (begun on line %d) is open: its statements run outside the transaction and need a second pooled connection",
					f.Name(), txName, beginLine)
				return
			}
		}
	})
}

// txStatement recognises a statement sent through a transaction and
// returns the transaction and the statement's error value.
func txStatement(call *ssa.Call) (tx ssa.Value, errv ssa.Value, ok bool) {
	c := &call.Call
	fn := predicate.Callee(c)
	if fn == nil || c.IsInvoke() || len(c.Args) == 0 {
		return nil, nil, false
	}
	switch {
	case predicate.IsMethodNamed(fn, "database/sql", "Tx", "Exec", "ExecContext", "Query", "QueryContext", "Prepare", "PrepareContext"):
		tx = c.Args[0]
		errv = extract(call, 1)
	case predicate.IsMethodNamed(fn, "database/sql", "Stmt", "Exec", "ExecContext", "Query", "QueryContext"):
		tx = stmtTx(c.Args[0])
		errv = extract(call, 1)
	case predicate.IsMethodNamed(fn, "database/sql", "Row", "Scan", "Err"):
		rowCall, isCall := c.Args[0].(*ssa.Call)
		if !isCall || rowCall.Call.IsInvoke() || len(rowCall.Call.Args) == 0 {
			return nil, nil, false
		}
		rf := predicate.Callee(&rowCall.Call)
		switch {
		case predicate.IsMethodNamed(rf, "database/sql", "Tx", "QueryRow", "QueryRowContext"):
			tx = rowCall.Call.Args[0]
		case predicate.IsMethodNamed(rf, "database/sql", "Stmt", "QueryRow", "QueryRowContext"):
			tx = stmtTx(rowCall.Call.Args[0])
		}
		errv = call
	}
	return tx, errv, tx != nil
}

// txHelper recognises a call to a function that runs statements on a
// transaction it is given (and does not finish it) and returns an error:
// `clearCart(ctx, tx, id)` fails exactly when one of its statements does,
// so its error must stop the transaction like a statement's.
func (c *checker) txHelper(call *ssa.Call) (tx ssa.Value, errv ssa.Value, ok bool) {
	cc := &call.Call
	fn := predicate.Callee(cc)
	if fn == nil || cc.IsInvoke() || fn.Pkg() == nil || fn.Pkg().Path() == "database/sql" {
		return nil, nil, false
	}
	sig, _ := fn.Type().(*types.Signature)
	if sig == nil || sig.Results().Len() == 0 || !predicate.IsErrorType(sig.Results().At(sig.Results().Len()-1).Type()) {
		return nil, nil, false
	}
	for i, a := range cc.Args {
		if !predicate.IsPointerToNamed(a.Type(), "database/sql", "Tx") || !c.env.Facts.Borrows(fn, i) {
			continue
		}
		if n := sig.Results().Len(); n == 1 {
			errv = call
		} else {
			errv = extract(call, n-1)
		}
		return a, errv, true
	}
	return nil, nil, false
}

// stmtTx returns the transaction a *sql.Stmt belongs to, if it was made
// by tx.Prepare or tx.Stmt in this function.
func stmtTx(stmt ssa.Value) ssa.Value {
	var call *ssa.Call
	switch v := stmt.(type) {
	case *ssa.Extract:
		call, _ = v.Tuple.(*ssa.Call)
	case *ssa.Call:
		call = v
	}
	if call == nil || call.Call.IsInvoke() || len(call.Call.Args) == 0 {
		return nil
	}
	if predicate.IsMethodNamed(predicate.Callee(&call.Call), "database/sql", "Tx", "Prepare", "PrepareContext", "Stmt", "StmtContext") {
		return call.Call.Args[0]
	}
	return nil
}

func extract(call *ssa.Call, i int) ssa.Value {
	for _, r := range *call.Referrers() {
		if ex, ok := r.(*ssa.Extract); ok && ex.Index == i {
			return ex
		}
	}
	return nil
}

func hasUses(v ssa.Value) bool {
	refs := v.Referrers()
	if refs == nil {
		return false
	}
	for _, r := range *refs {
		if _, ok := r.(*ssa.DebugRef); !ok {
			return true
		}
	}
	return false
}

// checkStatement reports a transaction statement whose failure can still
// reach Commit of the same transaction.
func (c *checker) checkStatement(fn *ssa.Function, call *ssa.Call) {
	tx, errv, ok := txStatement(call)
	if !ok {
		tx, errv, ok = c.txHelper(call)
	}
	if !ok {
		return
	}
	var begin ssa.Instruction
	if ex, ok := tx.(*ssa.Extract); ok {
		if bc, ok := ex.Tuple.(*ssa.Call); ok {
			begin = bc
		}
	}
	w := &walker{fn: fn, tx: tx, begin: begin, errv: errv, stmt: call}
	ignored := errv == nil || !hasUses(errv)
	st := newState()
	if !ignored {
		st.vals[errv] = true
	}
	commit, end := w.walk(call, st)
	if commit == nil {
		return
	}
	what := c.stmtText(call)
	txText := c.recvText(&commit.Call)
	line := c.pass.Fset.Position(commit.Pos()).Line
	pos := c.stmtPos(call)
	switch {
	case ignored && c.blankOrDropped(call):
		c.report(call, pos, "the error of %s is ignored, yet %s is committed (line %d): a failed statement is committed as if it had succeeded", what, txText, line)
	case ignored:
		c.report(call, pos, "the error of %s is overwritten before it is checked, and %s is committed (line %d): a failed statement is committed as if it had succeeded", what, txText, line)
	case end.sawLog:
		c.report(call, pos, "the error of %s is only logged, yet %s is committed (line %d): the transaction commits a half-done change", what, txText, line)
	case end.sawCheck:
		c.report(call, pos, "when %s fails, the code still reaches %s.Commit (line %d): the transaction commits a half-done change", what, txText, line)
	default:
		c.report(call, pos, "the error of %s is not checked before %s is committed (line %d): a failed statement is committed as if it had succeeded", what, txText, line)
	}
}

// report emits one diagnostic per instruction.
func (c *checker) report(in ssa.Instruction, pos token.Pos, format string, args ...any) {
	if c.reported[in] {
		return
	}
	c.reported[in] = true
	c.pass.Reportf(pos, format, args...)
}

// stmtPos is the position of the statement holding call.
func (c *checker) stmtPos(call *ssa.Call) token.Pos {
	if site := c.ix().Site(call.Pos()); site != nil {
		return site.Stmt().Pos()
	}
	return call.Pos()
}

// recvText is the source text of a method call's receiver ("tx", "s.db").
func (c *checker) recvText(call *ssa.CallCommon) string {
	if site := c.ix().Site(call.Pos()); site != nil {
		if sel, ok := ast.Unparen(site.Call.Fun).(*ast.SelectorExpr); ok {
			return types.ExprString(sel.X)
		}
	}
	return "tx"
}

// stmtText names a statement: "tx.ExecContext", "tx.QueryRowContext(...).Scan".
func (c *checker) stmtText(call *ssa.Call) string {
	site := c.ix().Site(call.Pos())
	if site == nil {
		return sqlapi.CalleeName(&call.Call)
	}
	sel, ok := ast.Unparen(site.Call.Fun).(*ast.SelectorExpr)
	if !ok {
		return sqlapi.CalleeName(&call.Call)
	}
	if inner, ok := ast.Unparen(sel.X).(*ast.CallExpr); ok {
		if isel, ok := ast.Unparen(inner.Fun).(*ast.SelectorExpr); ok {
			return types.ExprString(isel) + "(...)." + sel.Sel.Name
		}
	}
	return types.ExprString(sel)
}

// blankOrDropped reports whether the statement's error is thrown away in
// the source (`tx.Exec(...)` alone, or `_` in its place) rather than
// assigned to a variable that is later overwritten.
func (c *checker) blankOrDropped(call *ssa.Call) bool {
	site := c.ix().Site(call.Pos())
	if site == nil {
		return true
	}
	switch p := site.Parent.(type) {
	case *ast.ExprStmt:
		return true
	case *ast.AssignStmt:
		id, ok := p.Lhs[len(p.Lhs)-1].(*ast.Ident)
		return ok && id.Name == "_"
	}
	return false
}

// failureOnlyLogged reports whether the code run when errv is non-nil does
// nothing but log before rejoining the success path: no return, no panic,
// no call that acts on the failure.
func failureOnlyLogged(errv ssa.Value) bool {
	vals := map[ssa.Value]bool{errv: true}
	for _, r := range *errv.Referrers() {
		b, ok := r.(*ssa.BinOp)
		if !ok {
			continue
		}
		for _, br := range *b.Referrers() {
			iff, ok := br.(*ssa.If)
			if !ok {
				continue
			}
			s, ok := nilCheckSucc(iff.Cond, vals)
			if !ok {
				continue
			}
			if !onlyLogsUntilJoin(iff.Block().Succs[s], iff.Block().Succs[1-s]) {
				return false
			}
		}
	}
	return true
}

// onlyLogsUntilJoin follows the single-successor chain from b and reports
// whether it reaches a block also reachable from other, running only
// logging code on the way.
func onlyLogsUntilJoin(b, other *ssa.BasicBlock) bool {
	for range 16 {
		if b == other || sqlapi.Reachable(b, other) {
			return true
		}
		for _, in := range b.Instrs {
			switch in := in.(type) {
			case *ssa.Return, *ssa.Panic:
				return false
			case ssa.CallInstruction:
				if !harmlessCall(in.Common()) {
					return false
				}
			case *ssa.Store:
				if _, ok := in.Addr.(*ssa.IndexAddr); !ok { // varargs slots only
					return false
				}
			}
		}
		if len(b.Succs) != 1 {
			return false
		}
		b = b.Succs[0]
	}
	return false
}

// harmlessCall is a call that only logs or formats.
func harmlessCall(c *ssa.CallCommon) bool {
	fn := predicate.Callee(c)
	if fn == nil {
		return false
	}
	if c.IsInvoke() && fn.Name() == "Error" {
		return true
	}
	return sqlapi.IsLogSinkFunc(fn) || predicate.IsFunctionNamed(fn, "fmt", "Sprint", "Sprintf", "Sprintln")
}

// recordsFlag reports whether a boolean phi takes a constant from edge
// pred that differs from one of its other edges.
func recordsFlag(phi *ssa.Phi, pred int) bool {
	c, ok := phi.Edges[pred].(*ssa.Const)
	if !ok || c.Value == nil || !isBool(phi.Type()) {
		return false
	}
	for i, e := range phi.Edges {
		if i == pred {
			continue
		}
		if o, ok := e.(*ssa.Const); !ok || o.Value == nil || o.Value.ExactString() != c.Value.ExactString() {
			return true
		}
	}
	return false
}

func isBool(t types.Type) bool {
	b, ok := t.Underlying().(*types.Basic)
	return ok && b.Info()&types.IsBoolean != 0
}

// ix indexes the syntax on first use: most packages have nothing to report.
func (c *checker) ix() *sqlapi.SourceIndex {
	if c.ixCache == nil {
		c.ixCache = sqlapi.NewSourceIndex(c.pass.Fset, c.pass.Files)
	}
	return c.ixCache
}

// isPoolStatement reports whether fn runs SQL on a *sql.DB. Prepare is left
// out: preparing on the pool and binding with tx.Stmt is a fine idiom.
func isPoolStatement(fn *types.Func) bool {
	return predicate.IsMethodNamed(fn, "database/sql", "DB", "Exec", "ExecContext", "Query", "QueryContext", "QueryRow", "QueryRowContext")
}
