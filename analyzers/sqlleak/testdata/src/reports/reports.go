// Package reports uses dbutil's helpers: facts decide what is a leak.
package reports

import (
	"context"
	"database/sql"
	"dbutil"
)

// ActiveIDs hands rows to a helper that closes them: fine.
func ActiveIDs(ctx context.Context, db *sql.DB) ([]int64, error) {
	rows, err := db.QueryContext(ctx, `SELECT id FROM users WHERE active`)
	if err != nil {
		return nil, err
	}
	return dbutil.IDs(rows)
}

// Emails closes through a helper in a defer: fine.
func Emails(ctx context.Context, db *sql.DB) ([]string, error) {
	rows, err := db.QueryContext(ctx, `SELECT email FROM users`)
	if err != nil {
		return nil, err
	}
	defer dbutil.CloseRows(rows)
	var out []string
	for rows.Next() {
		var e string
		if err := rows.Scan(&e); err != nil {
			return nil, err
		}
		out = append(out, e)
	}
	return out, rows.Err()
}

// Names closes through an io.Closer helper: fine.
func Names(ctx context.Context, db *sql.DB) ([]string, error) {
	rows, err := db.QueryContext(ctx, `SELECT name FROM users`)
	if err != nil {
		return nil, err
	}
	defer dbutil.CloseQuietly(rows)
	var out []string
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			return nil, err
		}
		out = append(out, n)
	}
	return out, rows.Err()
}

// Rename finishes the transaction through a helper: fine.
func Rename(ctx context.Context, db *sql.DB, id int64, name string) error {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	_, err = tx.ExecContext(ctx, `UPDATE users SET name = ? WHERE id = ?`, name, id)
	return dbutil.Finish(tx, err)
}

// CountActive gets rows from a helper and never closes them when a row
// fails to scan.
func CountActive(ctx context.Context, db *sql.DB) (int, error) {
	rows, err := dbutil.QueryActive(ctx, db) // want `rows is not closed on this return \(line 72\): the connection stays checked out of the pool`
	if err != nil {
		return 0, err
	}
	return dbutil.CountRows(rows)
}

// Deactivate begins through a helper and forgets the rollback.
func Deactivate(ctx context.Context, db *sql.DB, id int64) error {
	tx, err := dbutil.Begin(ctx, db) // want `tx is neither committed nor rolled back when ExecContext fails \(line 82\)`
	if err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `UPDATE users SET active = 0 WHERE id = ?`, id); err != nil {
		return err
	}
	return tx.Commit()
}

// Connect retries the constructor of another package: its fact says each
// failure leaves a pool behind.
func Connect(ctx context.Context, dsn string) *sql.DB { // want Connect:"returnsResource\\(0\\)"
	for {
		db, err := dbutil.OpenPool(ctx, dsn) // want `OpenPool leaves the database pool it opens unclosed when it fails, and this loop calls it again after a failure`
		if err == nil {
			return db
		}
	}
}
