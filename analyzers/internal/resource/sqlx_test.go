package resource

import (
	"go/token"
	"go/types"
	"testing"
)

// fakeSqlx declares, in a package at path, the sqlx types the engine knows
// (each embedding database/sql's type of the same name, as sqlx does) and
// returns a function that adds a method to one of them.
func fakeSqlx(path string) (typ func(string) *types.Named, method func(recv, name string, results ...types.Type) *types.Func) {
	empty := types.NewStruct(nil, nil)
	sqlPkg := types.NewPackage("database/sql", "sql")
	pkg := types.NewPackage(path, "sqlx")
	byName := map[string]*types.Named{}
	typ = func(name string) *types.Named {
		if n, ok := byName[name]; ok {
			return n
		}
		inner := types.NewNamed(types.NewTypeName(token.NoPos, sqlPkg, name, nil), empty, nil)
		field := types.NewField(token.NoPos, pkg, name, types.NewPointer(inner), true)
		n := types.NewNamed(types.NewTypeName(token.NoPos, pkg, name, nil), types.NewStruct([]*types.Var{field}, nil), nil)
		byName[name] = n
		return n
	}
	method = func(recv, name string, results ...types.Type) *types.Func {
		var rs []*types.Var
		for _, r := range results {
			rs = append(rs, types.NewParam(token.NoPos, pkg, "", r))
		}
		r := types.NewVar(token.NoPos, pkg, "x", types.NewPointer(typ(recv)))
		fn := types.NewFunc(token.NoPos, pkg, name, types.NewSignatureType(r, nil, nil, nil, types.NewTuple(rs...), false))
		typ(recv).AddMethod(fn)
		return fn
	}
	return typ, method
}

func TestSqlxKinds(t *testing.T) {
	typ, _ := fakeSqlx(sqlxPath)
	other, _ := fakeSqlx("example.com/sqlx")
	for _, c := range []struct {
		name string
		t    types.Type
		want Kind
	}{
		{"*sqlx.Rows", types.NewPointer(typ("Rows")), Rows},
		{"*sqlx.Stmt", types.NewPointer(typ("Stmt")), Stmt},
		{"*sqlx.NamedStmt", types.NewPointer(typ("NamedStmt")), Stmt},
		{"*sqlx.Tx", types.NewPointer(typ("Tx")), Tx},
		{"*sqlx.Conn", types.NewPointer(typ("Conn")), Conn},
		// Look-alikes: the pool is not tracked, a Row closes itself,
		// a struct copy releases nothing, the same names elsewhere.
		{"*sqlx.DB", types.NewPointer(typ("DB")), NoKind},
		{"*sqlx.Row", types.NewPointer(typ("Row")), NoKind},
		{"sqlx.Rows", typ("Rows"), NoKind},
		{"*example.com/sqlx.Rows", types.NewPointer(other("Rows")), NoKind},
	} {
		if got := KindOfType(c.t); got != c.want {
			t.Errorf("KindOfType(%s) = %d, want %d", c.name, got, c.want)
		}
	}
}

func TestSqlxSource(t *testing.T) {
	typ, method := fakeSqlx(sqlxPath)
	_, otherMethod := fakeSqlx("example.com/sqlx")
	errType := types.Universe.Lookup("error").Type()
	ptr := func(name string) types.Type { return types.NewPointer(typ(name)) }
	sqlRows := typ("Rows").Underlying().(*types.Struct).Field(0).Type()
	for _, c := range []struct {
		name   string
		fn     *types.Func
		ok     bool
		want   Source
		reason string
	}{
		{"DB.Queryx", method("DB", "Queryx", ptr("Rows"), errType), true, Source{Kind: Rows, ErrIndex: 1}, ""},
		{"DB.NamedQueryContext", method("DB", "NamedQueryContext", ptr("Rows"), errType), true, Source{Kind: Rows, ErrIndex: 1}, ""},
		{"Tx.Queryx", method("Tx", "Queryx", ptr("Rows"), errType), true, Source{Kind: Rows, ErrIndex: 1, InTx: true}, ""},
		{"Stmt.Queryx", method("Stmt", "Queryx", ptr("Rows"), errType), true, Source{Kind: Rows, ErrIndex: 1}, ""},
		{"NamedStmt.Query", method("NamedStmt", "Query", sqlRows, errType), true, Source{Kind: Rows, ErrIndex: 1}, ""},
		{"DB.Preparex", method("DB", "Preparex", ptr("Stmt"), errType), true, Source{Kind: Stmt, ErrIndex: 1}, ""},
		{"DB.PrepareNamed", method("DB", "PrepareNamed", ptr("NamedStmt"), errType), true, Source{Kind: Stmt, ErrIndex: 1}, ""},
		{"DB.BeginTxx", method("DB", "BeginTxx", ptr("Tx"), errType), true, Source{Kind: Tx, ErrIndex: 1}, ""},
		{"DB.MustBegin", method("DB", "MustBegin", ptr("Tx")), true, Source{Kind: Tx, ErrIndex: -1}, ""},
		{"DB.Connx", method("DB", "Connx", ptr("Conn"), errType), true, Source{Kind: Conn, ErrIndex: 1}, ""},
		{"DB.Select", method("DB", "Select", errType), false, Source{}, "closes its rows itself"},
		{"DB.Get", method("DB", "Get", errType), false, Source{}, "closes its rows itself"},
		{"DB.QueryRowx", method("DB", "QueryRowx", ptr("Row")), false, Source{}, "a row closes itself"},
		{"Tx.Preparex", method("Tx", "Preparex", ptr("Stmt"), errType), false, Source{}, "closed with the transaction"},
		{"Tx.PrepareNamed", method("Tx", "PrepareNamed", ptr("NamedStmt"), errType), false, Source{}, "closed with the transaction"},
		{"Tx.Stmtx", method("Tx", "Stmtx", ptr("Stmt")), false, Source{}, "closed with the transaction"},
		{"Tx.Unsafe", method("Tx", "Unsafe", ptr("Tx")), false, Source{}, "the same transaction, not a new one"},
		{"other DB.Queryx", otherMethod("DB", "Queryx", ptr("Rows"), errType), false, Source{}, "not sqlx"},
	} {
		got, ok := sqlxSource(c.fn)
		if ok != c.ok || got != c.want {
			t.Errorf("sqlxSource(%s) = %+v, %v; want %+v, %v %s", c.name, got, ok, c.want, c.ok, c.reason)
		}
	}
}
