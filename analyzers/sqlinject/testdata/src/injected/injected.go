package injected

import (
	"context"
	"database/sql"
	"encoding/hex"
	"fmt"
	"net/http"
	"strings"
)

type Filter struct {
	Column string
	Value  string
}

func searchConcat(ctx context.Context, db *sql.DB, term string) (*sql.Rows, error) {
	return db.QueryContext(ctx, "SELECT id FROM customers WHERE name LIKE '%"+term+"%'") // want `the SQL passed to db.QueryContext is built with \+ from term \(a parameter of searchConcat\)`
}

func byEmailSprintf(db *sql.DB, email string) *sql.Row {
	return db.QueryRow(fmt.Sprintf("SELECT id FROM users WHERE email = '%s'", email)) // want `built with fmt.Sprintf from email`
}

func deleteViaVariable(ctx context.Context, tx *sql.Tx, table string) error {
	q := "DELETE FROM " + table + " WHERE expired = 1"
	_, err := tx.ExecContext(ctx, q) // want `tx.ExecContext is built with \+ from table`
	return err
}

func plusAssign(ctx context.Context, conn *sql.Conn, name string) (*sql.Rows, error) {
	q := "SELECT id FROM users WHERE active = 1"
	if name != "" {
		q += " AND name = '" + name + "'"
	}
	return conn.QueryContext(ctx, q) // want `built with \+ from name`
}

func builder(ctx context.Context, db *sql.DB, f Filter) (*sql.Rows, error) {
	var b strings.Builder
	b.WriteString("SELECT id FROM products WHERE ")
	b.WriteString(f.Column)
	b.WriteString(" = ?")
	return db.QueryContext(ctx, b.String(), f.Value) // want `built with a strings.Builder from f.Column`
}

func prepareTable(db *sql.DB, tenant string) (*sql.Stmt, error) {
	return db.Prepare(fmt.Sprintf("SELECT id FROM orders_%s WHERE id = ?", tenant)) // want `db.Prepare is built with fmt.Sprintf from tenant`
}

var columns = map[string]string{"name": "name", "price": "price_cents"}

func registerColumn(alias, col string) { columns[alias] = col }

func mutatedAllowList(ctx context.Context, db *sql.DB, sort string) (*sql.Rows, error) {
	col := columns[sort]
	return db.QueryContext(ctx, "SELECT id FROM products ORDER BY "+col) // want `built with \+ from col`
}

func orderByFromRequest(w http.ResponseWriter, r *http.Request, db *sql.DB) {
	order := "id"
	if s := r.URL.Query().Get("sort"); s != "" {
		order = strings.TrimPrefix(s, "-")
		if strings.HasPrefix(s, "-") {
			order += " DESC"
		}
	}
	q := fmt.Sprintf("SELECT id FROM products WHERE category = ? ORDER BY %s", order)
	rows, err := db.QueryContext(r.Context(), q, r.URL.Query().Get("category")) // want `built with fmt.Sprintf from r.URL.Query\(\).Get\("sort"\)`
	if err == nil {
		rows.Close()
	}
}

type querier interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
}

func viaInterface(ctx context.Context, q querier, status string) (*sql.Rows, error) {
	return q.QueryContext(ctx, "SELECT id FROM orders WHERE status = '"+status+"'") // want `q.QueryContext is built with \+ from status`
}

func joinedConditions(ctx context.Context, db *sql.DB, names []string) (*sql.Rows, error) {
	var conds []string
	for _, n := range names {
		conds = append(conds, "name = '"+n+"'")
	}
	return db.QueryContext(ctx, "SELECT id FROM users WHERE "+strings.Join(conds, " OR ")) // want `built with \+ from n`
}

func where(name string) string { return "name = '" + name + "'" }

func viaHelper(db *sql.DB, name string) (*sql.Rows, error) {
	return db.Query("SELECT id FROM users WHERE " + where(name)) // want `db.Query is built with \+ from name \(a parameter of where\)`
}

func fprintfBuilder(ctx context.Context, db *sql.DB, email string) error {
	var b strings.Builder
	fmt.Fprintf(&b, "UPDATE users SET verified = 1 WHERE email = '%s'", email)
	_, err := db.ExecContext(ctx, b.String()) // want `built with a strings.Builder from email`
	return err
}

var sortable = map[string]bool{"name": true}

// The check does not stop anything: it only logs.
func checkedButNotStopped(ctx context.Context, db *sql.DB, col string) (*sql.Rows, error) {
	if !sortable[col] {
		fmt.Println("unexpected sort column", col)
	}
	return db.QueryContext(ctx, "SELECT id FROM products ORDER BY "+col) // want `built with \+ from col`
}

func switchWithoutDefault(ctx context.Context, db *sql.DB, dir string) (*sql.Rows, error) {
	switch dir {
	case "ASC", "DESC":
		fmt.Println("ok")
	}
	return db.QueryContext(ctx, "SELECT id FROM products ORDER BY name "+dir) // want `built with \+ from dir`
}

// ListRequest is decoded from the request body: its fields are input even
// inside a method.
type ListRequest struct{ Sort string }

type Lister struct{ db *sql.DB }

func (l *Lister) List(ctx context.Context, req ListRequest) (*sql.Rows, error) {
	return l.db.QueryContext(ctx, "SELECT id FROM items ORDER BY "+req.Sort) // want `built with \+ from req.Sort`
}

// Decoding hex gives back arbitrary bytes: only encoding makes text safe.
func decodedName(ctx context.Context, db *sql.DB, param string) error {
	name, err := hex.DecodeString(param)
	if err != nil {
		return err
	}
	_, err = db.ExecContext(ctx, "CREATE DATABASE "+string(name)) // want `built with \+ from`
	return err
}

// A method expression takes the receiver as its first argument; the text
// is the one after it.
func methodExpr(ctx context.Context, db *sql.DB, name string) (*sql.Rows, error) {
	return (*sql.DB).QueryContext(db, ctx, "SELECT id FROM users WHERE name = '"+name+"'") // want `the SQL passed to DB.QueryContext is built with \+ from name`
}
