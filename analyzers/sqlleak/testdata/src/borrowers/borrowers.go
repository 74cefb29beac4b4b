// Package borrowers hands resources to same-package helpers: a helper that
// only reads one (a Borrows fact) leaves the closing to its caller.
package borrowers

import (
	"context"
	"database/sql"
)

// insertAll only executes the statement.
func insertAll(ctx context.Context, stmt *sql.Stmt, names []string) error { // want insertAll:"borrowsParam\\(1\\)"
	for _, n := range names {
		if _, err := stmt.ExecContext(ctx, n); err != nil {
			return err
		}
	}
	return nil
}

// insertAllAndClose closes the statement on every path.
func insertAllAndClose(ctx context.Context, stmt *sql.Stmt, names []string) error { // want insertAllAndClose:"closesParam\\(1\\)"
	defer stmt.Close()
	return insertAll(ctx, stmt, names)
}

// Import prepares a statement and hands it to a helper that never closes
// it.
func Import(ctx context.Context, db *sql.DB, names []string) error {
	stmt, err := db.PrepareContext(ctx, `INSERT INTO tags(name) VALUES (?)`) // want `stmt is not closed on this return \(line 33\): the prepared statement stays open on the database`
	if err != nil {
		return err
	}
	return insertAll(ctx, stmt, names)
}

// ImportClosed hands it to the helper that closes it: fine.
func ImportClosed(ctx context.Context, db *sql.DB, names []string) error {
	stmt, err := db.PrepareContext(ctx, `INSERT INTO tags(name) VALUES (?)`)
	if err != nil {
		return err
	}
	return insertAllAndClose(ctx, stmt, names)
}

// lock only runs a statement on the connection.
func lock(ctx context.Context, conn *sql.Conn) error { // want lock:"borrowsParam\\(1\\)"
	_, err := conn.ExecContext(ctx, `SELECT pg_advisory_lock(1)`)
	return err
}

// Registry keeps connections for later.
type Registry struct{ conns []*sql.Conn }

// keep stores the connection: the registry owns it now.
func (r *Registry) keep(conn *sql.Conn) {
	r.conns = append(r.conns, conn)
}

// Locked pins a connection, lets a helper lock it, and never closes it.
func Locked(ctx context.Context, db *sql.DB) error {
	conn, err := db.Conn(ctx) // want `conn is not closed on this return \(line 65\): the connection is never returned to the pool`
	if err != nil {
		return err
	}
	return lock(ctx, conn)
}

// Kept hands the connection to a helper that stores it: fine.
func Kept(ctx context.Context, db *sql.DB, r *Registry) error {
	conn, err := db.Conn(ctx)
	if err != nil {
		return err
	}
	r.keep(conn)
	return nil
}
