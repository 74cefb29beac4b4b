package lostupdate

import (
	"slices"
	"testing"
)

func TestParseSelect(t *testing.T) {
	for _, tc := range []struct {
		sql     string
		ok      bool
		table   string
		columns []string
		locking bool
	}{
		{sql: `SELECT available FROM stock WHERE sku = $1`, ok: true, table: "stock", columns: []string{"available"}},
		{sql: "select s.qty as q, coalesce(x, 0), \"Name\" from public.stock s where id = ? for update", ok: true, table: "stock", columns: []string{"qty", "", "name"}, locking: true},
		{sql: `SELECT qty FROM stock WHERE note = 'for update' -- for share`, ok: true, table: "stock", columns: []string{"qty"}},
		{sql: `SELECT qty FROM stock LOCK IN SHARE MODE`, ok: true, table: "stock", columns: []string{"qty"}, locking: true},
		{sql: `SELECT qty FROM stock FOR NO KEY UPDATE`, ok: true, table: "stock", columns: []string{"qty"}, locking: true},
		{sql: `SELECT * FROM stock`},
		{sql: `SELECT qty FROM stock JOIN orders ON orders.sku = stock.sku`},
		{sql: `SELECT qty FROM stock, orders`},
		{sql: `SELECT qty FROM (SELECT qty FROM stock) s`},
		{sql: `SELECT DISTINCT qty FROM stock`},
		{sql: `SELECT qty FROM a UNION SELECT qty FROM b`},
		{sql: `WITH s AS (SELECT 1) SELECT qty FROM stock`},
	} {
		st, ok := parseSelect(tc.sql)
		if ok != tc.ok || st.table != tc.table || !slices.Equal(st.columns, tc.columns) || st.locking != tc.locking {
			t.Errorf("parseSelect(%q) = %+v, %v; want table %q columns %q locking %v, %v",
				tc.sql, st, ok, tc.table, tc.columns, tc.locking, tc.ok)
		}
	}
}

func TestParseUpdate(t *testing.T) {
	for _, tc := range []struct {
		sql   string
		ok    bool
		table string
		sets  []setClause
		where string
	}{
		{sql: `UPDATE stock SET available = $1 WHERE sku = $2`, ok: true, table: "stock", sets: []setClause{{"available", 0}}, where: "sku = $2"},
		{sql: `UPDATE stock SET available = available - $1 WHERE sku = $2`, ok: true, table: "stock", where: "sku = $2"},
		{sql: "update `stock` set note = '?', qty = ?, touched = now() where id = ?", ok: true, table: "stock", sets: []setClause{{"qty", 0}}, where: "id = ?"},
		{sql: `UPDATE wallets SET balance = ?, version = version + 1, n = ? WHERE id = ?`, ok: true, table: "wallets", sets: []setClause{{"balance", 0}, {"n", 1}}, where: "id = ?"},
		{sql: `UPDATE public.stock AS s SET s.qty = $2 WHERE s.id = $1 RETURNING qty`, ok: true, table: "stock", sets: []setClause{{"qty", 1}}, where: "s.id = $1"},
		{sql: `UPDATE t SET a = $1 FROM u WHERE t.id = u.id`, ok: true, table: "t", sets: []setClause{{"a", 0}}, where: "t.id = u.id"},
		{sql: `UPDATE t SET (a, b) = ($1, $2)`},
		{sql: `UPDATE t SET a = $1, b = ?`},
		{sql: `UPDATE t SET a = :a`},
		{sql: `INSERT INTO t (a) VALUES ($1)`},
	} {
		st, ok := parseUpdate(tc.sql)
		if ok != tc.ok || st.table != tc.table || !slices.Equal(st.sets, tc.sets) || st.where != tc.where {
			t.Errorf("parseUpdate(%q) = %+v, %v; want table %q sets %v where %q, %v",
				tc.sql, st, ok, tc.table, tc.sets, tc.where, tc.ok)
		}
	}
}

func TestConditional(t *testing.T) {
	for where, want := range map[string]bool{
		"sku = $2 and available = $3":      true,
		"sku = $2 and available >= $1":     true,
		"id = $1 and version = $2":         true,
		"id = $1 and lock_version = ?":     true,
		"id = ? and updated_at = ?":        true,
		"id = ? and etag = ?":              true,
		"id = $1":                          false,
		"id = $1 and available_at < now()": false,
	} {
		if got := (updateStmt{where: where}).conditional("available"); got != want {
			t.Errorf("conditional(%q) = %v, want %v", where, got, want)
		}
	}
}
