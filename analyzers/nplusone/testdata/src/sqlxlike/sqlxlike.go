// Package sqlxlike is shaped like sqlx: a transaction whose Preparex
// returns a wrapper that embeds *sql.Stmt, so that QueryRowContext on the
// wrapper is database/sql's own method.
package sqlxlike

import (
	"context"
	"database/sql"
)

type Tx struct {
	*sql.Tx
}

type Stmt struct {
	*sql.Stmt
}

func (tx *Tx) Preparex(query string) (*Stmt, error) {
	s, err := tx.Tx.Prepare(query)
	return &Stmt{s}, err
}

func (tx *Tx) PreparexContext(ctx context.Context, query string) (*Stmt, error) {
	s, err := tx.Tx.PrepareContext(ctx, query)
	return &Stmt{s}, err
}
