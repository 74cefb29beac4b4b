package nplusone

import (
	"go/token"
	"go/types"
	"strings"

	"golang.org/x/tools/go/ssa"

	"github.com/drillhq/drill/analyzers/internal/predicate"
	"github.com/drillhq/drill/analyzers/internal/sqlcall"
)

// Prepared statements: a *sql.Stmt is followed back to the Prepare that
// made it, through local, captured and package-level variables, struct
// fields this package assigns, tx.Stmt rebinding, and wrappers that embed
// *sql.Stmt, so that stmt.QueryRowContext is judged by the text it was
// prepared with.

// stmtReceiver is the *sql.Stmt a Stmt method runs on: the first argument
// of a static call or method expression, or the receiver bound into a
// method value (q := stmt.QueryRowContext).
func stmtReceiver(call *ssa.CallCommon) ssa.Value {
	if mc, ok := call.Value.(*ssa.MakeClosure); ok {
		if len(mc.Bindings) == 1 {
			return mc.Bindings[0]
		}
		return nil
	}
	if call.IsInvoke() || len(call.Args) == 0 {
		return nil
	}
	return call.Args[0]
}

// stmt returns the texts a *sql.Stmt value was prepared with.
func (w *textWalk) stmt(fn *ssa.Function, v ssa.Value, depth int) ([]sqlText, bool) {
	if visit, ok := w.enter(v, depth); !visit {
		return nil, ok
	}
	switch v := v.(type) {
	case *ssa.Extract:
		if call, ok := v.Tuple.(*ssa.Call); ok && v.Index == 0 {
			return w.prepared(fn, &call.Call, depth)
		}
	case *ssa.Call:
		return w.prepared(fn, &v.Call, depth)
	case *ssa.Phi:
		var out []sqlText
		for _, e := range v.Edges {
			if predicate.IsNilConst(e) {
				continue // stmt declared before it was prepared
			}
			ts, ok := w.stmt(fn, e, depth+1)
			if !ok {
				return nil, false
			}
			out = append(out, ts...)
		}
		return out, len(out) > 0
	case *ssa.FreeVar:
		if parent, b := binding(fn, v); b != nil {
			return w.stmt(parent, b, depth+1)
		}
	case *ssa.UnOp:
		if v.Op != token.MUL {
			return nil, false
		}
		// sqlx's Stmt embeds *sql.Stmt: stmt.QueryRowContext loads the
		// embedded field of the wrapper Preparex returned.
		if fa, ok := v.X.(*ssa.FieldAddr); ok {
			if f := fieldVar(fa); f != nil && f.Embedded() {
				if ts, ok := w.stmt(fn, fa.X, depth+1); ok {
					return ts, true
				}
			}
		}
		return w.stored(fn, v.X, depth+1, w.stmt)
	case *ssa.Field:
		if s, ok := v.X.Type().Underlying().(*types.Struct); ok && v.Field < s.NumFields() && s.Field(v.Field).Embedded() {
			return w.stmt(fn, v.X, depth+1)
		}
	}
	return nil, false
}

// prepared returns the texts of the statement a call prepares: Prepare and
// PrepareContext from database/sql's table, tx.Stmt(stmt) rebinding an
// existing statement, and wrappers named Prepare... that return a
// statement (sqlx's Preparex), whose text is their first string argument.
func (w *textWalk) prepared(fn *ssa.Function, call *ssa.CallCommon, depth int) ([]sqlText, bool) {
	if m, ok := sqlcall.LookupCall(call); ok && m.Op == sqlcall.Prepare {
		if i := m.TextArg(call); i >= 0 && i < len(call.Args) {
			return w.texts(fn, call.Args[i], depth+1)
		}
		return nil, false
	}
	f := predicate.Callee(call)
	if predicate.IsMethodNamed(f, "database/sql", "Tx", "Stmt", "StmtContext") && len(call.Args) > 0 {
		return w.stmt(fn, call.Args[len(call.Args)-1], depth+1)
	}
	if f == nil || !strings.HasPrefix(f.Name(), "Prepare") {
		return nil, false
	}
	sig := call.Signature()
	if sig.Results().Len() == 0 || !stmtLike(sig.Results().At(0).Type()) {
		return nil, false
	}
	offset := 0
	if !call.IsInvoke() && sig.Recv() != nil {
		offset = 1
	}
	for i := 0; i < sig.Params().Len(); i++ {
		if predicate.IsBasicKind(sig.Params().At(i).Type(), types.String) {
			if i+offset < len(call.Args) {
				return w.texts(fn, call.Args[i+offset], depth+1)
			}
			break
		}
	}
	return nil, false
}

// stmtLike reports whether t is *sql.Stmt or a pointer to a struct that
// embeds one (sqlx.Stmt).
func stmtLike(t types.Type) bool {
	if predicate.IsPointerToNamed(t, "database/sql", "Stmt") {
		return true
	}
	s, ok := predicate.Unpointer(t).Underlying().(*types.Struct)
	if !ok {
		return false
	}
	for f := range s.Fields() {
		if f.Embedded() && predicate.IsPointerToNamed(f.Type(), "database/sql", "Stmt") {
			return true
		}
	}
	return false
}
