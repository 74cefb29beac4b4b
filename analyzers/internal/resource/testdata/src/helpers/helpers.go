// Package helpers is a library whose facts its users import.
package helpers

import (
	"context"
	"database/sql"
	"io"
	"net/http"
)

var kept []*sql.Rows

func CloseRows(rows *sql.Rows) { // want CloseRows:"closesParam\\(0\\)"
	rows.Close()
}

func Keep(rows *sql.Rows) { // no fact: stored, neither closed nor only used
	kept = append(kept, rows)
}

func Count(rows *sql.Rows) (int, error) { // want Count:"borrowsParam\\(0\\)"
	n := 0
	for rows.Next() {
		n++
	}
	return n, rows.Err()
}

func Active(ctx context.Context, db *sql.DB) (*sql.Rows, error) { // want Active:"returnsResource\\(0\\)"
	return db.QueryContext(ctx, `SELECT id FROM t`)
}

func Get(ctx context.Context, c *http.Client, url string) (*http.Response, error) { // want Get:"returnsResource\\(0\\)"
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return nil, err
	}
	return c.Do(req)
}

func Drain(rc io.ReadCloser) { // want Drain:"closesParam\\(0\\)"
	io.Copy(io.Discard, rc)
	rc.Close()
}

// Store is what a pool constructor returns.
type Store struct{ db *sql.DB }

// NewStore leaves its pool open when the ping fails and returns it, by
// value inside a Store, on success: a pool constructor.
func NewStore(ctx context.Context, dsn string) (Store, error) { // want NewStore:"leaksPoolOnError"
	db, err := sql.Open("sqlite", dsn)
	if err != nil {
		return Store{}, err
	}
	if err := db.PingContext(ctx); err != nil {
		return Store{}, err
	}
	return Store{db: db}, nil
}

// PingOnly leaves its pool open the same way, but never hands it back: not
// a constructor, so no fact (the leak is reported where the pool opens).
func PingOnly(ctx context.Context, dsn string) error {
	db, err := sql.Open("sqlite", dsn)
	if err != nil {
		return err
	}
	if err := db.PingContext(ctx); err != nil {
		return err
	}
	return db.Close()
}
