// Package sqlx is a stand-in for github.com/jmoiron/sqlx with the methods
// the tests call.
package sqlx

import (
	"context"
	"database/sql"
)

type DB struct{ *sql.DB }

type Tx struct{ *sql.Tx }

func (db *DB) Select(dest any, query string, args ...any) error { return nil }

func (db *DB) GetContext(ctx context.Context, dest any, query string, args ...any) error { return nil }

func (db *DB) NamedExec(query string, arg any) (sql.Result, error) { return nil, nil }

func (tx *Tx) Select(dest any, query string, args ...any) error { return nil }

func (db *DB) MustBegin() *Tx { return nil }

func (tx *Tx) NamedExec(query string, arg any) (sql.Result, error) { return nil, nil }
