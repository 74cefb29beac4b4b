// Package sqlx is a stub of github.com/jmoiron/sqlx: a DB and a Tx that
// embed database/sql's and add Get and the Beginx family.
package sqlx

import (
	"context"
	"database/sql"
)

type DB struct{ *sql.DB }

type Tx struct{ *sql.Tx }

func (db *DB) Get(dest any, query string, args ...any) error { return nil }

func (db *DB) GetContext(ctx context.Context, dest any, query string, args ...any) error {
	return nil
}

func (db *DB) Beginx() (*Tx, error) { return &Tx{}, nil }

func (db *DB) MustBegin() *Tx { return &Tx{} }

func (tx *Tx) Get(dest any, query string, args ...any) error { return nil }
