// Package sqlxleaks holds sqlx's resources: *sqlx.Rows, *sqlx.Stmt,
// *sqlx.NamedStmt, *sqlx.Tx and *sqlx.Conn wrap database/sql's and leak
// the same way.
package sqlxleaks

import (
	"context"
	"database/sql"
	"errors"

	"github.com/jmoiron/sqlx"
)

var errFound = errors.New("found")

type User struct {
	ID    int64
	Email string
}

// FirstAdmin returns from inside the StructScan loop.
func FirstAdmin(db *sqlx.DB) (*User, error) {
	rows, err := db.Queryx(`SELECT id, email FROM users`) // want `rows is not closed when StructScan fails \(line 30\): the connection stays checked out of the pool`
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var u User
		if err := rows.StructScan(&u); err != nil {
			return nil, err
		}
	}
	return nil, rows.Err()
}

// Lookup throws the rows away: only the error is wanted.
func Lookup(ctx context.Context, db *sqlx.DB) error {
	_, err := db.QueryxContext(ctx, `SELECT 1`) // want `the rows returned by QueryxContext is discarded, so it is never closed: the connection stays checked out of the pool`
	return err
}

// Named reads one row of a named query and forgets the rest.
func Named(db *sqlx.DB, u User) (int64, error) {
	rows, err := db.NamedQuery(`SELECT id FROM users WHERE email = :email`, u) // want `rows is not closed when Scan fails \(line 51\): the connection stays checked out of the pool`
	if err != nil {
		return 0, err
	}
	var id int64
	if rows.Next() {
		if err := rows.Scan(&id); err != nil {
			return 0, err
		}
	}
	return id, nil
}

// NamedCtx returns from the MapScan loop when a row matches.
func NamedCtx(ctx context.Context, db *sqlx.DB, u User) error {
	rows, err := db.NamedQueryContext(ctx, `SELECT * FROM users WHERE email = :email`, u) // want `rows is not closed when MapScan fails \(line 72\)`
	if err != nil {
		return err
	}
	for rows.Next() {
		m := map[string]interface{}{}
		if err := rows.MapScan(m); err != nil {
			break
		}
		if len(m) > 2 {
			return errFound
		}
	}
	return nil
}

// InTx reads through a transaction its caller owns and forgets the rows.
func InTx(tx *sqlx.Tx) error { // want InTx:"borrowsParam\\(0\\)"
	rows, err := tx.Queryx(`SELECT id FROM jobs`) // want `rows is not closed on the early return inside the rows.Next loop \(line 82\): the transaction's connection stays busy with the open result set`
	if err != nil {
		return err
	}
	if rows.Next() {
		return nil
	}
	return rows.Close()
}

// ByConn reads through a reserved connection and keeps it.
func ByConn(ctx context.Context, db *sqlx.DB) error {
	conn, err := db.Connx(ctx) // want `conn is not closed when QueryxContext fails \(line 95\): the connection is never returned to the pool`
	if err != nil {
		return err
	}
	rows, err := conn.QueryxContext(ctx, `SELECT 1`)
	if err != nil {
		return err
	}
	return rows.Close()
}

// ---- Look-alikes that must stay silent. ----

// Deferred is the canonical shape.
func Deferred(db *sqlx.DB) ([]User, error) {
	rows, err := db.Queryx(`SELECT id, email FROM users`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []User
	for rows.Next() {
		var u User
		if err := rows.StructScan(&u); err != nil {
			return nil, err
		}
		out = append(out, u)
	}
	return out, rows.Err()
}

// Embedded closes through the embedded field, spelled out.
func Embedded(db *sqlx.DB) error {
	rows, err := db.Queryx(`SELECT id FROM users`)
	if err != nil {
		return err
	}
	defer rows.Rows.Close()
	for rows.Next() {
		var u User
		if err := rows.StructScan(&u); err != nil {
			return err
		}
	}
	return nil
}

// Drained runs the StructScan loop to its end: Next returning false
// closes the rows.
func Drained(ctx context.Context, db *sqlx.DB) (n int, err error) {
	rows, err := db.QueryxContext(ctx, `SELECT id, email FROM users`)
	if err != nil {
		return 0, err
	}
	for rows.Next() {
		var u User
		_ = rows.StructScan(&u)
		n++
	}
	return n, rows.Err()
}

// Stream hands the rows to its caller.
func Stream(db *sqlx.DB) (*sqlx.Rows, error) { // want Stream:"returnsResource\\(0\\)"
	rows, err := db.Queryx(`SELECT id FROM users`)
	if err != nil {
		return nil, err
	}
	return rows, nil
}

// UseStream closes what Stream returned.
func UseStream(db *sqlx.DB) error {
	rows, err := Stream(db)
	if err != nil {
		return err
	}
	return rows.Close()
}

// closeRows is a helper that closes an *sqlx.Rows on every path.
func closeRows(rows *sqlx.Rows) { // want closeRows:"closesParam\\(0\\)"
	rows.Close()
}

// ViaHelper closes through closeRows.
func ViaHelper(db *sqlx.DB) error {
	rows, err := db.Queryx(`SELECT 1`)
	if err != nil {
		return err
	}
	closeRows(rows)
	return nil
}

// GetSelect close their rows themselves.
func GetSelect(ctx context.Context, db *sqlx.DB) ([]User, error) {
	var n int
	if err := db.Get(&n, `SELECT count(*) FROM users`); err != nil {
		return nil, err
	}
	var out []User
	if err := db.Select(&out, `SELECT id, email FROM users`); err != nil {
		return nil, err
	}
	var e string
	if err := db.QueryRowx(`SELECT email FROM users LIMIT 1`).Scan(&e); err != nil {
		return nil, err
	}
	return out, nil
}

// ScanAll hands the rows to sqlx.StructScan, which reads them to the end
// (and so closes them) unless a row fails to scan. sqlx's functions are
// not followed: the rows are their business from there, and nothing is
// said.
func ScanAll(db *sqlx.DB) ([]User, error) {
	rows, err := db.Queryx(`SELECT * FROM users`)
	if err != nil {
		return nil, err
	}
	var out []User
	return out, sqlx.StructScan(rows, &out)
}

// BestEffort drops the errors of Get and Select: they closed their rows,
// nothing leaks.
func BestEffort(db *sqlx.DB) (int, []User) {
	var n int
	_ = db.Get(&n, `SELECT count(*) FROM users`)
	var out []User
	_ = db.Select(&out, `SELECT id, email FROM users`)
	return n, out
}

// Wrapped hands the pool it opens to sqlx.NewDb: the *sqlx.DB owns it.
func Wrapped(dsn string) (*sqlx.DB, error) {
	db, err := sql.Open("postgres", dsn)
	if err != nil {
		return nil, err
	}
	return sqlx.NewDb(db, "postgres"), nil
}
