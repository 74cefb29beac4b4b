package lostupdate

import (
	_ "embed"
	"go/ast"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/inspect"
	"golang.org/x/tools/go/ast/inspector"

	"github.com/drillhq/drill/analyzers/internal/analysisdoc"
	"github.com/drillhq/drill/analyzers/internal/predicate"
)

//go:embed doc.go
var doc string

// Analyzer reports a row's value read, changed in Go and written back
// outside a row lock or a conditional UPDATE.
var Analyzer = &analysis.Analyzer{
	Name:     "lostupdate",
	Doc:      analysisdoc.MustExtract(doc, "lostupdate"),
	URL:      "https://pkg.go.dev/github.com/drillhq/drill/analyzers/lostupdate",
	Requires: []*analysis.Analyzer{inspect.Analyzer},
	Run:      run,
}

func run(pass *analysis.Pass) (any, error) {
	ins := pass.ResultOf[inspect.Analyzer].(*inspector.Inspector)
	ins.Preorder([]ast.Node{(*ast.FuncDecl)(nil), (*ast.FuncLit)(nil)}, func(n ast.Node) {
		if predicate.IsTestFile(pass.Fset, n.Pos()) {
			return
		}
		switch fn := n.(type) {
		case *ast.FuncDecl:
			if fn.Body != nil {
				check(pass, fn.Body)
			}
		case *ast.FuncLit:
			check(pass, fn.Body)
		}
	})
	return nil, nil
}

// read is one column a SELECT scanned into a Go variable.
type read struct {
	query  *sqlCall
	stmt   selectStmt
	column string
	into   varKey
}

// check reports each UPDATE in body that writes back, as an absolute
// value, a column an earlier SELECT of the same body read.
func check(pass *analysis.Pass, body *ast.BlockStmt) {
	info := pass.TypesInfo
	var calls []*sqlCall
	texts := constTexts(info, body)
	inspectOwn(body, func(n ast.Node) {
		if c, ok := n.(*ast.CallExpr); ok {
			if sc, isSQL := sqlCallOf(info, texts, c); isSQL {
				calls = append(calls, sc)
			}
		}
	})
	if len(calls) < 2 {
		return
	}
	attachScans(info, body, calls)
	reads := readsOf(info, calls)
	if len(reads) == 0 {
		return
	}
	var g *guards // built on the first candidate: most functions have none
	for _, u := range calls {
		upd, ok := parseUpdate(u.text)
		if !ok {
			continue
		}
		if g == nil {
			g = newGuards(info, body)
		}
		if r, set, found := lostWrite(info, body, g, reads, u, upd); found {
			report(pass, r, u, upd, set)
		}
	}
}

// readsOf lists the numeric columns the SELECTs among calls scan into a
// variable.
func readsOf(info *types.Info, calls []*sqlCall) []read {
	var out []read
	for _, q := range calls {
		if q.dest == nil {
			continue
		}
		st, ok := parseSelect(q.text)
		if !ok {
			continue
		}
		for i, col := range st.columns {
			if col == "" || i >= len(q.dest) {
				continue
			}
			u, isAddr := ast.Unparen(q.dest[i]).(*ast.UnaryExpr)
			if !isAddr || u.Op != token.AND {
				continue
			}
			k, isVar := keyOf(info, u.X)
			if !isVar || !numeric(info.TypeOf(u.X)) {
				continue
			}
			out = append(out, read{query: q, stmt: st, column: col, into: k})
		}
	}
	return out
}

// lostWrite returns the read whose value the UPDATE u writes back
// computed in Go, when nothing keeps a concurrent writer out between the
// two.
func lostWrite(info *types.Info, body *ast.BlockStmt, g *guards, reads []read, u *sqlCall, upd updateStmt) (read, setClause, bool) {
	for _, set := range upd.sets {
		if set.arg >= len(u.args) || upd.conditional(set.column) {
			continue
		}
		for _, r := range reads {
			if r.stmt.table != upd.table || r.column != set.column || r.query.scanEnd > u.call.Pos() {
				continue
			}
			if !derivedArg(info, body, r.into, r.query.scanEnd, u.call.Pos(), u.args[set.arg]) {
				continue
			}
			if g.of(u) != weak || g.of(r.query) != weak {
				continue // a serializable transaction, or one the caller began
			}
			if r.stmt.locking && !r.query.pool {
				continue // the row stays locked until the transaction ends
			}
			if g.mutexHeld(r.query.call.Pos(), u.call.Pos()) {
				continue
			}
			return r, set, true
		}
	}
	return read{}, setClause{}, false
}
