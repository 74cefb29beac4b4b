package sqlcall

import (
	"go/types"
	"testing"
)

// method declares a method name on a new named type typ of package path
// and returns it, enough for LookupText, which only reads names.
func method(path, typ, name string) *types.Func {
	pkg := types.NewPackage(path, "p")
	named := types.NewNamed(types.NewTypeName(0, pkg, typ, nil), types.NewStruct(nil, nil), nil)
	recv := types.NewVar(0, pkg, "x", types.NewPointer(named))
	fn := types.NewFunc(0, pkg, name, types.NewSignatureType(recv, nil, nil, nil, nil, false))
	named.AddMethod(fn)
	return fn
}

func TestLookupTextSqlx(t *testing.T) {
	for _, tc := range []struct {
		fn   *types.Func
		ok   bool
		on   Receiver
		op   Op
		text int
	}{
		{method(sqlxPath, "DB", "Select"), true, OnDB, Query, 1},
		{method(sqlxPath, "DB", "GetContext"), true, OnDB, QueryRow, 2},
		{method(sqlxPath, "Tx", "NamedExec"), true, OnTx, Exec, 0},
		{method(sqlxPath, "Tx", "QueryxContext"), true, OnTx, Query, 1},
		{method(sqlxPath, "DB", "MustExec"), true, OnDB, Exec, 0},
		{method(sqlxPath, "DB", "BeginTxx"), true, OnDB, Begin, -1},
		// A prepared statement's Select runs its own text, taking values.
		{method(sqlxPath, "Stmt", "Select"), true, OnStmt, Query, -1},
		{method(sqlxPath, "NamedStmt", "GetContext"), true, OnStmt, QueryRow, -1},
		{method(sqlxPath, "Stmt", "Preparex"), false, 0, 0, 0},
		// Same names elsewhere are not sqlx.
		{method("example.com/sqlxlike", "DB", "Select"), false, 0, 0, 0},
		{method(sqlxPath, "DB", "Ping"), false, 0, 0, 0},
	} {
		m, ok := LookupText(tc.fn)
		if ok != tc.ok || (ok && (m.On != tc.on || m.Op != tc.op || m.Text != tc.text || m.Typed)) {
			t.Errorf("%s.%s: got %+v, %v", tc.fn.Pkg().Path(), tc.fn.Name(), m, ok)
		}
		if _, inLookup := Lookup(tc.fn); inLookup {
			t.Errorf("%s: Lookup must not answer for sqlx's own methods", tc.fn.Name())
		}
	}
}
