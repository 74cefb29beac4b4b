// Package sqlx is a stub of github.com/jmoiron/sqlx v1.4.0 with the real
// signatures and embedding of the methods txerror's testdata calls: DB, Tx
// and Stmt embed database/sql's types, so a promoted tx.Commit() loads the
// embedded *sql.Tx as it does for real.
package sqlx

import (
	"context"
	"database/sql"
)

type DB struct {
	*sql.DB
	driverName string
}

type Tx struct {
	*sql.Tx
	driverName string
}

type Stmt struct{ *sql.Stmt }

type Rows struct{ *sql.Rows }

type Row struct{ err error }

func (db *DB) Get(dest interface{}, query string, args ...interface{}) error { return nil }

func (db *DB) NamedExec(query string, arg interface{}) (sql.Result, error) { return nil, nil }

func (db *DB) Beginx() (*Tx, error) { return nil, nil }

func (db *DB) BeginTxx(ctx context.Context, opts *sql.TxOptions) (*Tx, error) { return nil, nil }

func (db *DB) MustBegin() *Tx { return nil }

func (db *DB) MustBeginTx(ctx context.Context, opts *sql.TxOptions) *Tx { return nil }

func (tx *Tx) Select(dest interface{}, query string, args ...interface{}) error { return nil }

func (tx *Tx) Get(dest interface{}, query string, args ...interface{}) error { return nil }

func (tx *Tx) NamedExec(query string, arg interface{}) (sql.Result, error) { return nil, nil }

func (tx *Tx) NamedExecContext(ctx context.Context, query string, arg interface{}) (sql.Result, error) {
	return nil, nil
}

func (tx *Tx) MustExec(query string, args ...interface{}) sql.Result { return nil }

func (tx *Tx) Queryx(query string, args ...interface{}) (*Rows, error) { return nil, nil }

func (tx *Tx) QueryRowx(query string, args ...interface{}) *Row { return nil }

func (tx *Tx) Preparex(query string) (*Stmt, error) { return nil, nil }

func (tx *Tx) Stmtx(stmt interface{}) *Stmt { return nil }

func (s *Stmt) Get(dest interface{}, args ...interface{}) error { return nil }

func (r *Row) Scan(dest ...interface{}) error { return r.err }

func (r *Row) StructScan(dest interface{}) error { return r.err }
