package sqlxcalls

import (
	"context"
	"strings"

	"github.com/jmoiron/sqlx"
)

type sub struct{ ID int64 }

func Search(db *sqlx.DB, expr string) ([]sub, error) {
	var out []sub
	err := db.Select(&out, "SELECT id FROM subscribers WHERE "+expr) // want `the SQL passed to db.Select is built with \+ from expr`
	return out, err
}

const countByQuery = `SELECT COUNT(*) FROM subscribers WHERE %query%`

// The caller's expression replaces a placeholder in a constant template.
func ByQuery(ctx context.Context, db *sqlx.DB, query string) error {
	var n int
	return db.GetContext(ctx, &n, strings.ReplaceAll(countByQuery, "%query%", query)) // want `the SQL passed to db.GetContext is built with strings.ReplaceAll from query`
}

// A template passed through with a constant replacement is not built from
// anything new.
func Renamed(ctx context.Context, db *sqlx.DB, tmpl string) error {
	var n int
	return db.GetContext(ctx, &n, strings.ReplaceAll(tmpl, "%table%", "subscribers"))
}

func Bound(ctx context.Context, db *sqlx.DB, name string) error {
	_, err := db.NamedExec(`INSERT INTO lists (name) VALUES (:name)`, map[string]any{"name": name})
	return err
}

func Promoted(db *sqlx.DB, sort string) error {
	rows, err := db.Query("SELECT id FROM lists ORDER BY " + sort) // want `the SQL passed to db.Query is built with \+ from sort`
	if err == nil {
		rows.Close()
	}
	return err
}

func InTx(tx *sqlx.Tx, ids []int64) error {
	var out []sub
	return tx.Select(&out, "SELECT id FROM subscribers WHERE id = ANY($1)", ids)
}
