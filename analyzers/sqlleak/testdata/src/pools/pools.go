// Package pools opens *sql.DB pools, well and badly.
package pools

import (
	"context"
	"database/sql"
	"fmt"
	"net/http"
)

type Handler struct{ dsn string }

// Get opens a new pool on every request and never closes it.
func (h *Handler) Get(w http.ResponseWriter, r *http.Request) {
	db, err := sql.Open("sqlite", h.dsn) // want `db is not closed on this return \(line \d+\): every call leaves a whole pool \(connections and a goroutine\) behind`
	if err != nil {
		http.Error(w, "db", http.StatusInternalServerError)
		return
	}
	var name string
	db.QueryRowContext(r.Context(), `SELECT name FROM users WHERE id = ?`, r.PathValue("id")).Scan(&name)
	fmt.Fprint(w, name)
}

type Store struct{ db *sql.DB }

// NewStore leaks the pool when the ping fails.
func NewStore(ctx context.Context, dsn string) (*Store, error) {
	db, err := sql.Open("sqlite", dsn) // want `db is not closed when PingContext fails`
	if err != nil {
		return nil, err
	}
	if err := db.PingContext(ctx); err != nil {
		return nil, fmt.Errorf("ping: %w", err)
	}
	return &Store{db: db}, nil
}

// NewStoreOK closes the pool when the ping fails and keeps it otherwise.
func NewStoreOK(ctx context.Context, dsn string) (*Store, error) {
	db, err := sql.Open("sqlite", dsn)
	if err != nil {
		return nil, err
	}
	if err := db.PingContext(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("ping: %w", err)
	}
	db.SetMaxOpenConns(10)
	return &Store{db: db}, nil
}

// Open hands the pool to the caller.
func Open(dsn string) (*sql.DB, error) { // want Open:"returnsResource\\(0\\)"
	return sql.Open("sqlite", dsn)
}

// Migrate opens, uses and closes a short-lived pool.
func Migrate(ctx context.Context, dsn string) error {
	db, err := Open(dsn)
	if err != nil {
		return err
	}
	defer db.Close()
	_, err = db.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS users(id INTEGER PRIMARY KEY, name TEXT)`)
	return err
}
