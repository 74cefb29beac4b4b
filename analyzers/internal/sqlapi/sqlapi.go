// Package sqlapi holds what sqlleak, bodyleak and txerror share: type
// predicates for database/sql and net/http values, the list of calls that
// acquire a resource, and a path-sensitive SSA engine that decides whether an
// acquired resource is released on every path out of a function.
//
// Everything here errs on the side of silence: when a value flows somewhere
// the engine does not understand, it is treated as handed off, because a
// false alarm in CI costs more trust than a missed leak.
package sqlapi

import (
	"go/types"
	"strings"

	"golang.org/x/tools/go/ssa"
)

const (
	sqlPath  = "database/sql"
	httpPath = "net/http"
)

// Kind is a resource the analyzers track.
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

// namedOf returns the package path and name of the named type behind t,
// looking through one pointer.
func namedOf(t types.Type) (path, name string, ptr bool) {
	t = types.Unalias(t)
	if p, ok := t.(*types.Pointer); ok {
		t = types.Unalias(p.Elem())
		ptr = true
	}
	n, ok := t.(*types.Named)
	if !ok || n.Obj().Pkg() == nil {
		return "", "", ptr
	}
	return n.Obj().Pkg().Path(), n.Obj().Name(), ptr
}

// IsSQL reports whether t is *database/sql.<name>.
func IsSQL(t types.Type, name string) bool {
	p, n, ptr := namedOf(t)
	return ptr && p == sqlPath && n == name
}

// IsDB reports whether t is *sql.DB.
func IsDB(t types.Type) bool { return IsSQL(t, "DB") }

// IsTx reports whether t is *sql.Tx.
func IsTx(t types.Type) bool { return IsSQL(t, "Tx") }

// IsResponse reports whether t is *http.Response.
func IsResponse(t types.Type) bool {
	p, n, ptr := namedOf(t)
	return ptr && p == httpPath && n == "Response"
}

// KindOfType maps a pointer type to the resource it is, or NoKind.
func KindOfType(t types.Type) Kind {
	p, n, ptr := namedOf(t)
	if !ptr {
		return NoKind
	}
	switch p {
	case sqlPath:
		switch n {
		case "Rows":
			return Rows
		case "Stmt":
			return Stmt
		case "Conn":
			return Conn
		case "Tx":
			return Tx
		case "DB":
			return DB
		}
	case httpPath:
		if n == "Response" {
			return Response
		}
	}
	return NoKind
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
		return sig.Params().Len() == 0 && sig.Results().Len() == 1 && isError(sig.Results().At(0).Type())
	}
	return false
}

func isError(t types.Type) bool {
	return types.Identical(t, types.Universe.Lookup("error").Type())
}

// IsErrorType reports whether t is the error interface.
func IsErrorType(t types.Type) bool { return isError(t) }

// Callee returns the function or interface method a call invokes, or nil for
// calls of function values, closures and builtins. Instantiations of generic
// functions map to their origin, which is what facts are attached to.
func Callee(c *ssa.CallCommon) *types.Func {
	if c.IsInvoke() {
		return c.Method
	}
	f := c.StaticCallee()
	if f == nil {
		return nil
	}
	if o := f.Origin(); o != nil {
		f = o
	}
	if f.Parent() != nil { // a closure: no object of its own
		return nil
	}
	if strings.HasPrefix(f.Synthetic, "bound method wrapper") || strings.HasPrefix(f.Synthetic, "thunk") {
		return nil // receiver lives in the closure, not in Args
	}
	obj, _ := f.Object().(*types.Func)
	return obj
}

// BoundMethod returns the method behind a bound method value such as the
// closure built for `f := rows.Close`, or nil.
func BoundMethod(fn *ssa.Function) *types.Func {
	if !strings.HasPrefix(fn.Synthetic, "bound method wrapper") {
		return nil
	}
	obj, _ := fn.Object().(*types.Func)
	return obj
}

// recvNamed returns the package path and type name of fn's receiver.
func recvNamed(fn *types.Func) (path, name string, ok bool) {
	sig, _ := fn.Type().(*types.Signature)
	if sig == nil || sig.Recv() == nil {
		return "", "", false
	}
	p, n, _ := namedOf(sig.Recv().Type())
	return p, n, p != ""
}

// IsMethod reports whether fn is a method of path.typ named one of names.
func IsMethod(fn *types.Func, path, typ string, names ...string) bool {
	if fn == nil {
		return false
	}
	p, n, ok := recvNamed(fn)
	if !ok || p != path || n != typ {
		return false
	}
	for _, name := range names {
		if fn.Name() == name {
			return true
		}
	}
	return len(names) == 0
}

// IsFunc reports whether fn is the package-level function path.name for
// one of names.
func IsFunc(fn *types.Func, path string, names ...string) bool {
	if fn == nil || fn.Pkg() == nil || fn.Pkg().Path() != path {
		return false
	}
	if sig, _ := fn.Type().(*types.Signature); sig == nil || sig.Recv() != nil {
		return false
	}
	for _, name := range names {
		if fn.Name() == name {
			return true
		}
	}
	return false
}

// IsTxMethod reports whether fn is (*sql.Tx).<one of names>.
func IsTxMethod(fn *types.Func, names ...string) bool {
	return IsMethod(fn, sqlPath, "Tx", names...)
}

// IsDBMethod reports whether fn is (*sql.DB).<one of names>.
func IsDBMethod(fn *types.Func, names ...string) bool {
	return IsMethod(fn, sqlPath, "DB", names...)
}

// IsRowMethod reports whether fn is (*sql.Row).<one of names>.
func IsRowMethod(fn *types.Func, names ...string) bool {
	return IsMethod(fn, sqlPath, "Row", names...)
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

// kindTypeName is the database/sql or net/http type behind a Kind.
func kindTypeName(k Kind) (path, name string) {
	switch k {
	case Rows:
		return sqlPath, "Rows"
	case Stmt:
		return sqlPath, "Stmt"
	case Conn:
		return sqlPath, "Conn"
	case Tx:
		return sqlPath, "Tx"
	case DB:
		return sqlPath, "DB"
	case Response:
		return httpPath, "Response"
	}
	return "", ""
}

// isMethodOfKind reports whether fn is a method on the resource type itself.
func isMethodOfKind(fn *types.Func, k Kind) bool {
	p, n := kindTypeName(k)
	return p != "" && IsMethod(fn, p, n)
}

// Source describes a call that hands the caller a resource it must release.
type Source struct {
	Kind     Kind
	Index    int // result index of the resource
	ErrIndex int // result index of the error, or -1
	// InTx is set for rows read through a transaction: they pin the
	// transaction's connection rather than a pool connection.
	InTx bool
}

// builtinSource recognises the database/sql and net/http calls that
// acquire a resource, and interface methods with the same shape
// (HTTP "Doer" and sqlc-style "DBTX" interfaces).
func builtinSource(c *ssa.CallCommon) (Source, bool) {
	fn := Callee(c)
	if fn == nil {
		return Source{}, false
	}
	src := Source{Index: 0, ErrIndex: 1}
	if c.IsInvoke() {
		sig := fn.Type().(*types.Signature)
		if sig.Results().Len() != 2 || !isError(sig.Results().At(1).Type()) {
			return Source{}, false
		}
		k := KindOfType(sig.Results().At(0).Type())
		name := fn.Name()
		switch {
		case k == Response && (name == "Do" || name == "Get" || name == "Post" ||
			name == "PostForm" || name == "RoundTrip"):
		case k == Rows && (name == "Query" || name == "QueryContext"):
		case k == Stmt && (name == "Prepare" || name == "PrepareContext"):
		case k == Tx && (name == "Begin" || name == "BeginTx"):
		case k == Conn && name == "Conn":
		default:
			return Source{}, false
		}
		src.Kind = k
		return src, true
	}
	switch {
	case IsMethod(fn, sqlPath, "DB", "Query", "QueryContext"),
		IsMethod(fn, sqlPath, "Conn", "QueryContext"),
		IsMethod(fn, sqlPath, "Stmt", "Query", "QueryContext"):
		src.Kind = Rows
	case IsMethod(fn, sqlPath, "Tx", "Query", "QueryContext"):
		src.Kind = Rows
		src.InTx = true
	case IsMethod(fn, sqlPath, "DB", "Prepare", "PrepareContext"),
		IsMethod(fn, sqlPath, "Conn", "PrepareContext"):
		// Statements prepared on a Tx are closed with the Tx, so
		// (*Tx).Prepare is deliberately not a source.
		src.Kind = Stmt
	case IsMethod(fn, sqlPath, "DB", "Conn"):
		src.Kind = Conn
	case IsFunc(fn, sqlPath, "Open"):
		src.Kind = DB
	case IsFunc(fn, sqlPath, "OpenDB"):
		src.Kind = DB
		src.ErrIndex = -1
	case IsMethod(fn, sqlPath, "DB", "Begin", "BeginTx"),
		IsMethod(fn, sqlPath, "Conn", "BeginTx"):
		src.Kind = Tx
	// Head is left out on purpose: a HEAD response's Body is http.NoBody,
	// so not closing it holds nothing.
	case IsFunc(fn, httpPath, "Get", "Post", "PostForm"),
		IsMethod(fn, httpPath, "Client", "Do", "Get", "Post", "PostForm"),
		IsMethod(fn, httpPath, "Transport", "RoundTrip"):
		src.Kind = Response
	default:
		return Source{}, false
	}
	return src, true
}

// SameValue reports whether two SSA values denote the same variable for the
// purposes of "the same db" or "the same tx": the identical value, a load of
// the same field of the same base value (s.db and s.db), or a load of the
// same global.
func SameValue(a, b ssa.Value) bool {
	if a == b {
		return true
	}
	la, ok1 := a.(*ssa.UnOp)
	lb, ok2 := b.(*ssa.UnOp)
	if !ok1 || !ok2 || la.Op != lb.Op || la.Op.String() != "*" {
		return false
	}
	switch xa := la.X.(type) {
	case *ssa.Global:
		return xa == lb.X
	case *ssa.FieldAddr:
		xb, ok := lb.X.(*ssa.FieldAddr)
		return ok && xa.Field == xb.Field && SameValue(xa.X, xb.X)
	case *ssa.Alloc, *ssa.FreeVar:
		return la.X == lb.X
	}
	return false
}

// FieldName returns the name of the struct field a FieldAddr selects.
func FieldName(fa *ssa.FieldAddr) string {
	pt, ok := fa.X.Type().Underlying().(*types.Pointer)
	if !ok {
		return ""
	}
	st, ok := pt.Elem().Underlying().(*types.Struct)
	if !ok || fa.Field >= st.NumFields() {
		return ""
	}
	return st.Field(fa.Field).Name()
}

// IsNilConst reports whether v is the constant nil.
func IsNilConst(v ssa.Value) bool {
	c, ok := v.(*ssa.Const)
	return ok && c.IsNil()
}
