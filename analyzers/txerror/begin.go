package txerror

import (
	"golang.org/x/tools/go/ssa"

	"github.com/drillhq/drill/analyzers/internal/predicate"
	"github.com/drillhq/drill/analyzers/internal/resource"
	"github.com/drillhq/drill/analyzers/internal/sqlcall"
)

// checkBegin reports an ignored Begin error and statements sent to the
// same *sql.DB while the transaction is open.
func (c *checker) checkBegin(fn *ssa.Function, call *ssa.Call, src resource.Source) {
	txv, errv := resource.ResultsOf(call, src) // sqlx's MustBegin returns the tx alone
	if txv == nil || !hasUses(txv) {
		return // discarded altogether: sqlleak's business
	}
	txName := c.site(call.Pos()).LHSName(src.Index)
	if txName == "" {
		txName = "the transaction"
	}
	if src.ErrIndex >= 0 && (errv == nil || !hasUses(errv)) {
		c.report(call, c.stmtPos(call), "the error of %s is ignored: when it fails %s is nil, and the first statement on it panics",
			resource.CalleeName(&call.Call), txName)
	}
	if errv != nil {
		c.checkNilTx(call, txv, errv, txName)
	}

	// sqlx's Beginx family on an *sqlx.DB too: its statements on the pool
	// are sqlx's own (db.Get) or database/sql's on the embedded *sql.DB.
	if m, ok := sqlcall.LookupText(predicate.Callee(&call.Call)); !ok || m.On != sqlcall.OnDB || m.Op != sqlcall.Begin {
		return // only a transaction begun on a pool competes with it
	}
	db := call.Call.Args[0]
	beginLine := c.pass.Fset.Position(call.Pos()).Line
	resource.OpenRegion(c.facts, fn, call, src, func(in ssa.Instruction) {
		sc, ok := in.(*ssa.Call)
		if !ok {
			return
		}
		f := predicate.Callee(&sc.Call)
		if f == nil || sc.Call.IsInvoke() {
			return
		}
		for i, a := range sc.Call.Args {
			if !samePool(a, db) {
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
