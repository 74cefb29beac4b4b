package resource

import (
	"go/types"

	"github.com/drillhq/drill/analyzers/internal/predicate"
)

const (
	sqlPath  = "database/sql"
	httpPath = "net/http"
)

// Kind is a resource the engine tracks.
type Kind uint8

// The kinds of resource. NoKind is also used for interface values (an
// io.Closer, a response body) whose concrete resource is unknown.
const (
	NoKind Kind = iota
	Rows
	Stmt
	Conn
	Tx
	Response
	DB // a pool from sql.Open: only ever a source, never tracked as a parameter
)

// KindSet is a set of Kinds.
type KindSet uint8

// AllKinds is every kind the engine knows: what facts are computed for.
var AllKinds = KindsOf(Rows, Stmt, Conn, Tx, Response, DB)

// KindsOf builds a set.
func KindsOf(ks ...Kind) KindSet {
	var s KindSet
	for _, k := range ks {
		s |= 1 << k
	}
	return s
}

// Has reports whether k is in s.
func (s KindSet) Has(k Kind) bool { return k != NoKind && s&(1<<k) != 0 }

// typeName is the package path and name of the type behind a Kind.
type typeName struct{ path, name string }

// kindTypes is, per Kind, the named type a pointer to which is that
// resource.
var kindTypes = [...]typeName{
	Rows:     {sqlPath, "Rows"},
	Stmt:     {sqlPath, "Stmt"},
	Conn:     {sqlPath, "Conn"},
	Tx:       {sqlPath, "Tx"},
	Response: {httpPath, "Response"},
	DB:       {sqlPath, "DB"},
}

// KindOfType maps a pointer type (*sql.Rows, *http.Response, ...) to the
// resource it is, or NoKind. The struct types themselves are not
// resources: a copy of one releases nothing. sqlx's wrappers (*sqlx.Rows,
// *sqlx.Tx, ...) are the resource they wrap (sqlx.go).
func KindOfType(t types.Type) Kind {
	for k, tn := range kindTypes {
		if tn.path != "" && predicate.IsPointerToNamed(t, tn.path, tn.name) {
			return Kind(k)
		}
	}
	return sqlxKindOf(t)
}

// isMethodOfKind reports whether fn is a method on the resource type itself.
func isMethodOfKind(fn *types.Func, k Kind) bool {
	if int(k) >= len(kindTypes) || kindTypes[k].path == "" {
		return false
	}
	return predicate.IsMethodOf(fn, kindTypes[k].path, kindTypes[k].name)
}

// ReleaseMethod reports whether calling method name on a resource of kind k
// gives the resource back.
func ReleaseMethod(k Kind, name string) bool {
	switch k {
	case Rows, Stmt, Conn, DB:
		return name == "Close"
	case Tx:
		return name == "Commit" || name == "Rollback"
	case Response:
		// (*http.Response).Write closes the body after sending it.
		return name == "Write"
	}
	return false
}

// HasClose reports whether the interface type t has a Close() error method.
func HasClose(t types.Type) bool {
	it, ok := t.Underlying().(*types.Interface)
	if !ok {
		return false
	}
	for m := range it.Methods() {
		if m.Name() != "Close" {
			continue
		}
		sig := m.Type().(*types.Signature)
		return sig.Params().Len() == 0 && sig.Results().Len() == 1 && predicate.IsErrorType(sig.Results().At(0).Type())
	}
	return false
}

// hasRead reports whether the interface type t has a Read method.
func hasRead(t types.Type) bool {
	it, ok := t.Underlying().(*types.Interface)
	if !ok {
		return false
	}
	for m := range it.Methods() {
		if m.Name() == "Read" {
			return true
		}
	}
	return false
}

// paramRole decides whether a parameter of type t is worth tracking for
// facts, and as what.
func paramRole(t types.Type) (Kind, role, bool) {
	if k := KindOfType(t); k != NoKind {
		// A *sql.DB parameter is a shared pool, not something handed
		// over: no facts for it.
		return k, roleSelf, k != DB
	}
	if _, ok := t.Underlying().(*types.Interface); ok {
		// io.Closer for any resource; io.Reader and friends for
		// response bodies.
		return NoKind, roleCloser, HasClose(t) || hasRead(t)
	}
	return NoKind, 0, false
}
