package resource

import (
	"go/types"

	"golang.org/x/tools/go/ssa"

	"github.com/drillhq/drill/analyzers/internal/predicate"
	"github.com/drillhq/drill/analyzers/internal/sqlcall"
)

// Source describes a call that hands the caller a resource it must release.
type Source struct {
	Kind     Kind
	Index    int // result index of the resource
	ErrIndex int // result index of the error, or -1
	// InTx is set for rows read through a transaction: they pin the
	// transaction's connection rather than a pool connection.
	InTx bool
}

// SourceOf reports whether a call acquires a resource: one of the known
// database/sql and net/http calls, or a function whose fact says it
// returns one. facts may be nil.
func SourceOf(facts Facts, c *ssa.CallCommon) (Source, bool) {
	if src, ok := builtinSource(c); ok {
		return src, true
	}
	if c.IsInvoke() || facts == nil {
		return Source{}, false
	}
	fn := predicate.Callee(c)
	if fn == nil || fn.Pkg() == nil {
		return Source{}, false
	}
	if p := fn.Pkg().Path(); p == sqlPath || p == httpPath || p == sqlxPath {
		// The lists in builtinSource are the whole truth for these:
		// facts would rediscover http.Head through (*Client).Do, and
		// sqlx, a required module, has none in real applications.
		return Source{}, false
	}
	sig := fn.Type().(*types.Signature)
	for j := range sig.Results().Len() {
		if k, ok := facts.Returns(fn, j); ok {
			src := Source{Kind: k, Index: j, ErrIndex: -1}
			if n := sig.Results().Len(); n > 1 && predicate.IsErrorType(sig.Results().At(n-1).Type()) {
				src.ErrIndex = n - 1
			}
			return src, true
		}
	}
	return Source{}, false
}

// builtinSource recognises the database/sql, sqlx and net/http calls that
// acquire a resource, and interface methods with the same shape (sqlc-style
// "DBTX" and HTTP "Doer" interfaces). Each returns (resource, error), but
// sqlx's MustBegin, which panics instead.
func builtinSource(c *ssa.CallCommon) (Source, bool) {
	fn := predicate.Callee(c)
	if fn == nil {
		return Source{}, false
	}
	if k, inTx, ok := sqlSource(fn); ok {
		return Source{Kind: k, Index: 0, ErrIndex: 1, InTx: inTx}, true
	}
	if src, ok := sqlxSource(fn); ok {
		return src, true
	}
	if k, errIdx, ok := openSource(fn); ok {
		return Source{Kind: k, Index: 0, ErrIndex: errIdx}, true
	}
	if httpSource(fn, c.IsInvoke()) {
		return Source{Kind: Response, Index: 0, ErrIndex: 1}, true
	}
	return Source{}, false
}

// acquires maps what a database/sql method does to the resource it
// returns. Exec and QueryRow hand back nothing to release: a *sql.Row
// closes its rows in Scan.
var acquires = map[sqlcall.Op]Kind{
	sqlcall.Query:   Rows,
	sqlcall.Prepare: Stmt,
	sqlcall.Begin:   Tx,
	sqlcall.Reserve: Conn,
}

// sqlSource classifies a database/sql method, or an interface method named
// and typed like one, by the table in sqlcall.
func sqlSource(fn *types.Func) (k Kind, inTx, ok bool) {
	m, found := sqlcall.Lookup(fn)
	if !found {
		return NoKind, false, false
	}
	k, acquiring := acquires[m.Op]
	if !acquiring {
		return NoKind, false, false
	}
	switch m.On {
	case sqlcall.OnInterface:
		// Only an interface method that returns the database/sql
		// resource and an error is the same operation.
		return k, false, m.Typed && returnsWithError(fn)
	case sqlcall.OnTx:
		// Statements prepared on a Tx are closed with the Tx, so
		// (*Tx).Prepare is deliberately not a source; rows read
		// through it pin the transaction's connection.
		return k, true, m.Op == sqlcall.Query
	}
	return k, false, true
}

// openSource recognises the functions that open a pool: sql.Open returns
// (pool, error), sql.OpenDB the pool alone.
func openSource(fn *types.Func) (k Kind, errIdx int, ok bool) {
	switch {
	case predicate.IsFunctionNamed(fn, sqlPath, "Open"):
		return DB, 1, true
	case predicate.IsFunctionNamed(fn, sqlPath, "OpenDB"):
		return DB, -1, true
	}
	return NoKind, 0, false
}

// httpSource recognises the net/http calls that return a response whose
// body must be closed, and interface methods of the same name and shape.
// Head is left out on purpose: a HEAD response's Body is http.NoBody, so
// not closing it holds nothing.
func httpSource(fn *types.Func, invoke bool) bool {
	if invoke {
		switch fn.Name() {
		case "Do", "Get", "Post", "PostForm", "RoundTrip":
			sig := fn.Type().(*types.Signature)
			return returnsWithError(fn) && KindOfType(sig.Results().At(0).Type()) == Response
		}
		return false
	}
	return predicate.IsFunctionNamed(fn, httpPath, "Get", "Post", "PostForm") ||
		predicate.IsMethodNamed(fn, httpPath, "Client", "Do", "Get", "Post", "PostForm") ||
		predicate.IsMethodNamed(fn, httpPath, "Transport", "RoundTrip")
}

// returnsWithError reports whether fn returns exactly (something, error).
func returnsWithError(fn *types.Func) bool {
	res := fn.Type().(*types.Signature).Results()
	return res.Len() == 2 && predicate.IsErrorType(res.At(1).Type())
}
