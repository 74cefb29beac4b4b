package resource

import (
	"go/token"
	"go/types"
	"path"
	"testing"
)

// named makes the named type pkgPath.name with the given underlying type.
func named(pkgPath, name string, under types.Type) *types.Named {
	pkg := types.NewPackage(pkgPath, path.Base(pkgPath))
	return types.NewNamed(types.NewTypeName(token.NoPos, pkg, name, nil), under, nil)
}

func TestKindOfType(t *testing.T) {
	empty := types.NewStruct(nil, nil)
	sqlType := func(n string) *types.Named { return named("database/sql", n, empty) }
	rows := sqlType("Rows")
	alias := types.NewAlias(types.NewTypeName(token.NoPos, nil, "R", nil), types.NewPointer(rows))
	cases := []struct {
		name string
		t    types.Type
		want Kind
	}{
		{"*sql.Rows", types.NewPointer(rows), Rows},
		{"*sql.Stmt", types.NewPointer(sqlType("Stmt")), Stmt},
		{"*sql.Conn", types.NewPointer(sqlType("Conn")), Conn},
		{"*sql.Tx", types.NewPointer(sqlType("Tx")), Tx},
		{"*sql.DB", types.NewPointer(sqlType("DB")), DB},
		{"*http.Response", types.NewPointer(named("net/http", "Response", empty)), Response},
		{"alias of *sql.Rows", alias, Rows},
		// Look-alikes: no pointer, two pointers, a neighbour type, the
		// same name elsewhere, a request.
		{"sql.Rows", rows, NoKind},
		{"**sql.Rows", types.NewPointer(types.NewPointer(rows)), NoKind},
		{"*sql.Row", types.NewPointer(sqlType("Row")), NoKind},
		{"*example.com/sql.Rows", types.NewPointer(named("example.com/sql", "Rows", empty)), NoKind},
		{"*http.Request", types.NewPointer(named("net/http", "Request", empty)), NoKind},
		{"int", types.Typ[types.Int], NoKind},
	}
	for _, c := range cases {
		if got := KindOfType(c.t); got != c.want {
			t.Errorf("KindOfType(%s) = %d, want %d", c.name, got, c.want)
		}
	}
}

func TestKindSet(t *testing.T) {
	s := KindsOf(Rows, Tx)
	for k, want := range map[Kind]bool{Rows: true, Tx: true, Stmt: false, Response: false, DB: false, NoKind: false} {
		if s.Has(k) != want {
			t.Errorf("KindsOf(Rows, Tx).Has(%d) = %v, want %v", k, !want, want)
		}
	}
	for _, k := range []Kind{Rows, Stmt, Conn, Tx, Response, DB} {
		if !AllKinds.Has(k) {
			t.Errorf("AllKinds lacks %d", k)
		}
	}
	if AllKinds.Has(NoKind) {
		t.Error("AllKinds has NoKind")
	}
}

func TestReleaseMethod(t *testing.T) {
	cases := []struct {
		k    Kind
		name string
		want bool
	}{
		{Rows, "Close", true}, {Stmt, "Close", true}, {Conn, "Close", true}, {DB, "Close", true},
		{Tx, "Commit", true}, {Tx, "Rollback", true},
		{Response, "Write", true},
		// Look-alikes: methods that use rather than release, a Tx has
		// no Close, a response is closed through its Body.
		{Rows, "Next", false}, {Rows, "Err", false}, {Stmt, "Exec", false},
		{Tx, "Close", false}, {Tx, "Exec", false},
		{Response, "Close", false},
		{NoKind, "Close", false},
	}
	for _, c := range cases {
		if got := ReleaseMethod(c.k, c.name); got != c.want {
			t.Errorf("ReleaseMethod(%d, %s) = %v, want %v", c.k, c.name, got, c.want)
		}
	}
}

func TestHasClose(t *testing.T) {
	errType := types.Universe.Lookup("error").Type()
	method := func(name string, params, results []types.Type) *types.Func {
		vars := func(ts []types.Type) *types.Tuple {
			var vs []*types.Var
			for _, t := range ts {
				vs = append(vs, types.NewParam(token.NoPos, nil, "", t))
			}
			return types.NewTuple(vs...)
		}
		return types.NewFunc(token.NoPos, nil, name, types.NewSignatureType(nil, nil, nil, vars(params), vars(results), false))
	}
	iface := func(ms ...*types.Func) types.Type { return types.NewInterfaceType(ms, nil).Complete() }
	cases := []struct {
		name string
		t    types.Type
		want bool
	}{
		{"io.Closer", iface(method("Close", nil, []types.Type{errType})), true},
		{"io.ReadCloser", iface(method("Close", nil, []types.Type{errType}), method("Read", []types.Type{types.NewSlice(types.Typ[types.Byte])}, []types.Type{types.Typ[types.Int], errType})), true},
		{"Close()", iface(method("Close", nil, nil)), false},
		{"Close(int) error", iface(method("Close", []types.Type{types.Typ[types.Int]}, []types.Type{errType})), false},
		{"Shut() error", iface(method("Shut", nil, []types.Type{errType})), false},
		{"struct", types.NewStruct(nil, nil), false},
	}
	for _, c := range cases {
		if got := HasClose(c.t); got != c.want {
			t.Errorf("HasClose(%s) = %v, want %v", c.name, got, c.want)
		}
	}
}
