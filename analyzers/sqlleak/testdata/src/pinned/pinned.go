// Package pinned sets up dedicated connections: a *sql.Conn that fails its
// initialisation must be closed, or it stays out of the pool for good.
package pinned

import (
	"context"
	"database/sql"
)

// Session pins a connection for one tenant.
type Session struct{ conn *sql.Conn }

// Pin returns the connection on success and forgets it when the SET fails.
func Pin(ctx context.Context, db *sql.DB) (*sql.Conn, error) { // want Pin:"returnsResource\\(0\\)"
	conn, err := db.Conn(ctx) // want `conn is not closed when ExecContext fails \(line 20\): the connection is never returned to the pool`
	if err != nil {
		return nil, err
	}
	if _, err := conn.ExecContext(ctx, `SET search_path = tenant`); err != nil {
		return nil, err
	}
	return conn, nil
}

// PinClosed is Pin done right: fine.
func PinClosed(ctx context.Context, db *sql.DB) (*sql.Conn, error) { // want PinClosed:"returnsResource\\(0\\)"
	conn, err := db.Conn(ctx)
	if err != nil {
		return nil, err
	}
	if _, err := conn.ExecContext(ctx, `SET search_path = tenant`); err != nil {
		conn.Close()
		return nil, err
	}
	return conn, nil
}

// NewSession stores the connection in its result on success.
func NewSession(ctx context.Context, db *sql.DB) (*Session, error) {
	conn, err := db.Conn(ctx) // want `conn is not closed when ExecContext fails \(line 45\)`
	if err != nil {
		return nil, err
	}
	if _, err := conn.ExecContext(ctx, `SET lock_timeout = '1s'`); err != nil {
		return nil, err
	}
	return &Session{conn: conn}, nil
}

// Reset stores the connection in the receiver on success.
func (s *Session) Reset(ctx context.Context, db *sql.DB) error {
	conn, err := db.Conn(ctx) // want `conn is not closed when ExecContext fails \(line 57\)`
	if err != nil {
		return err
	}
	if _, err := conn.ExecContext(ctx, `SET search_path = tenant`); err != nil {
		return err
	}
	s.conn = conn
	return nil
}

// ResetClosed closes the connection when its setup fails: fine.
func (s *Session) ResetClosed(ctx context.Context, db *sql.DB) error {
	conn, err := db.Conn(ctx)
	if err != nil {
		return err
	}
	if _, err := conn.ExecContext(ctx, `SET search_path = tenant`); err != nil {
		_ = conn.Close()
		return err
	}
	s.conn = conn
	return nil
}

// OpenPool is the pool look-alike: a pool left open when its Ping fails is
// the constructor rule's, reported only where the constructor is retried.
func OpenPool(ctx context.Context, dsn string) (*sql.DB, error) { // want OpenPool:"returnsResource\\(0\\) leaksPoolOnError"
	db, err := sql.Open("pgx", dsn)
	if err != nil {
		return nil, err
	}
	if err := db.PingContext(ctx); err != nil {
		return nil, err
	}
	return db, nil
}
