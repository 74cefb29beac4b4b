// Package quoting builds statements from names a driver has quoted: a
// quoted identifier or literal cannot end early, so it cannot carry SQL.
package quoting

import (
	"context"
	"database/sql"

	"fakequote"

	"github.com/jackc/pgx/v5"
	"github.com/lib/pq"
)

func truncate(ctx context.Context, db *sql.DB, table string) error {
	_, err := db.ExecContext(ctx, "TRUNCATE "+pq.QuoteIdentifier(table))
	return err
}

func comment(ctx context.Context, db *sql.DB, table, text string) error {
	_, err := db.ExecContext(ctx, "COMMENT ON TABLE "+pq.QuoteIdentifier(table)+" IS "+pq.QuoteLiteral(text))
	return err
}

func count(ctx context.Context, db *sql.DB, schema, table string) (*sql.Rows, error) {
	return db.QueryContext(ctx, "SELECT count(*) FROM "+pgx.Identifier{schema, table}.Sanitize())
}

// The look-alikes: a same-named function from another package, and a
// quoted name beside an unquoted one.
func fake(ctx context.Context, db *sql.DB, table string) error {
	_, err := db.ExecContext(ctx, "TRUNCATE "+fakequote.QuoteIdentifier(table)) // want `built with \+ from fakequote.QuoteIdentifier\(table\)`
	return err
}

func half(ctx context.Context, db *sql.DB, table, order string) (*sql.Rows, error) {
	return db.QueryContext(ctx, "SELECT id FROM "+pq.QuoteIdentifier(table)+" ORDER BY "+order) // want `built with \+ from order`
}
