// Package sqlx is a stub of github.com/jmoiron/sqlx v1.4.0 with the real
// signatures and embedding of the methods sqlleak's testdata calls: the
// wrappers embed database/sql's types (NamedStmt holds an *Stmt), so a
// promoted rows.Close() loads the embedded *sql.Rows as it does for real.
package sqlx

import (
	"context"
	"database/sql"
)

type DB struct {
	*sql.DB
	driverName string
}

type Conn struct{ *sql.Conn }

type Tx struct{ *sql.Tx }

type Stmt struct{ *sql.Stmt }

type NamedStmt struct {
	Params      []string
	QueryString string
	Stmt        *Stmt
}

type Rows struct{ *sql.Rows }

type Row struct{ err error }

func (db *DB) Queryx(query string, args ...interface{}) (*Rows, error) { return nil, nil }

func (db *DB) QueryxContext(ctx context.Context, query string, args ...interface{}) (*Rows, error) {
	return nil, nil
}

func (db *DB) NamedQuery(query string, arg interface{}) (*Rows, error) { return nil, nil }

func (db *DB) NamedQueryContext(ctx context.Context, query string, arg interface{}) (*Rows, error) {
	return nil, nil
}

func (db *DB) Select(dest interface{}, query string, args ...interface{}) error { return nil }

func (db *DB) Get(dest interface{}, query string, args ...interface{}) error { return nil }

func (db *DB) QueryRowx(query string, args ...interface{}) *Row { return nil }

func (db *DB) Preparex(query string) (*Stmt, error) { return nil, nil }

func (db *DB) PrepareNamed(query string) (*NamedStmt, error) { return nil, nil }

func (db *DB) Beginx() (*Tx, error) { return nil, nil }

func (db *DB) BeginTxx(ctx context.Context, opts *sql.TxOptions) (*Tx, error) { return nil, nil }

func (db *DB) MustBegin() *Tx { return nil }

func (db *DB) MustBeginTx(ctx context.Context, opts *sql.TxOptions) *Tx { return nil }

func (db *DB) Connx(ctx context.Context) (*Conn, error) { return nil, nil }

func (c *Conn) QueryxContext(ctx context.Context, query string, args ...interface{}) (*Rows, error) {
	return nil, nil
}

func (tx *Tx) Queryx(query string, args ...interface{}) (*Rows, error) { return nil, nil }

func (tx *Tx) Preparex(query string) (*Stmt, error) { return nil, nil }

func (tx *Tx) Unsafe() *Tx { return &Tx{Tx: tx.Tx} }

func (s *Stmt) Queryx(args ...interface{}) (*Rows, error) { return nil, nil }

func (s *Stmt) Select(dest interface{}, args ...interface{}) error { return nil }

func (n *NamedStmt) Close() error { return n.Stmt.Close() }

func (n *NamedStmt) Query(arg interface{}) (*sql.Rows, error) { return nil, nil }

func (n *NamedStmt) Get(dest interface{}, arg interface{}) error { return nil }

func (r *Rows) StructScan(dest interface{}) error { return nil }

func (r *Rows) MapScan(dest map[string]interface{}) error { return nil }

func (r *Row) Scan(dest ...interface{}) error { return r.err }

// ColScanner is what the package-level scanners take.
type ColScanner interface {
	Columns() ([]string, error)
	Scan(dest ...interface{}) error
	Err() error
}

func MapScan(r ColScanner, dest map[string]interface{}) error { return nil }

type rowsi interface {
	Close() error
	Columns() ([]string, error)
	Err() error
	Next() bool
	Scan(...interface{}) error
}

// StructScan scans every row into dest, a slice. The stub only reads rows,
// so that sqlleak's rule, not a fact, is what keeps the caller silent.
func StructScan(rows rowsi, dest interface{}) error {
	for rows.Next() {
	}
	return rows.Err()
}

func NewDb(db *sql.DB, driverName string) *DB { return &DB{DB: db, driverName: driverName} }
