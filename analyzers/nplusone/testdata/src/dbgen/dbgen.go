// Package dbgen looks like sqlc output: queries go through the DBTX
// interface, not a concrete *sql.DB.
package dbgen

import (
	"context"
	"database/sql"
)

type DBTX interface {
	ExecContext(context.Context, string, ...interface{}) (sql.Result, error)
	QueryContext(context.Context, string, ...interface{}) (*sql.Rows, error)
	QueryRowContext(context.Context, string, ...interface{}) *sql.Row
}

type Queries struct {
	db DBTX
}

func New(db DBTX) *Queries { return &Queries{db: db} }

const getTag = `SELECT id, name FROM tags WHERE id = ?`

type Tag struct {
	ID   int64
	Name string
}

func (q *Queries) GetTag(ctx context.Context, id int64) (Tag, error) { // want GetTag:"mayQuery key\\[2\\]=id"
	row := q.db.QueryRowContext(ctx, getTag, id)
	var t Tag
	err := row.Scan(&t.ID, &t.Name)
	return t, err
}
