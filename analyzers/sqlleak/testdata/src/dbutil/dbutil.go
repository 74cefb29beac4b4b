// Package dbutil is a shared helper package: its facts travel to importers.
package dbutil

import (
	"context"
	"database/sql"
	"io"
	"log"
)

// CloseRows closes rows and logs a failure.
func CloseRows(rows *sql.Rows) { // want CloseRows:"closesParam\\(0\\)"
	if err := rows.Close(); err != nil {
		log.Printf("close rows: %v", err)
	}
}

// CloseQuietly closes anything.
func CloseQuietly(c io.Closer) { // want CloseQuietly:"closesParam\\(0\\)"
	_ = c.Close()
}

// IDs drains rows into a slice and always closes them.
func IDs(rows *sql.Rows) ([]int64, error) { // want IDs:"closesParam\\(0\\)"
	defer rows.Close()
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		ids = append(ids, id)
	}
	return ids, rows.Err()
}

// Finish commits on success and rolls back on failure.
func Finish(tx *sql.Tx, err error) error { // want Finish:"closesParam\\(0\\)"
	if err != nil {
		_ = tx.Rollback()
		return err
	}
	return tx.Commit()
}

// QueryActive returns open rows the caller must close.
func QueryActive(ctx context.Context, db *sql.DB) (*sql.Rows, error) { // want QueryActive:"returnsResource\\(0\\)"
	return db.QueryContext(ctx, `SELECT id FROM users WHERE active`)
}

// Begin opens a transaction the caller must finish.
func Begin(ctx context.Context, db *sql.DB) (*sql.Tx, error) { // want Begin:"returnsResource\\(0\\)"
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return nil, err
	}
	return tx, nil
}

// CountRows reads rows without closing them on the Scan error path.
func CountRows(rows *sql.Rows) (int, error) { // want CountRows:"borrowsParam\\(0\\)"
	n := 0
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return 0, err
		}
		n++
	}
	return n, rows.Err()
}

// OpenPool opens and pings a pool, and leaves it open when the ping fails:
// a constructor, reported only where it is retried.
func OpenPool(ctx context.Context, dsn string) (*sql.DB, error) { // want OpenPool:"returnsResource\\(0\\) leaksPoolOnError"
	db, err := sql.Open("sqlite", dsn)
	if err != nil {
		return nil, err
	}
	if err := db.PingContext(ctx); err != nil {
		return nil, err
	}
	return db, nil
}
