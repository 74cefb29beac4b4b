// Package querier holds interfaces that take SQL text, named like
// database/sql's methods: the text is their first string parameter,
// wherever a context sits.
package querier

import (
	"context"
	"database/sql"
)

// PgxLike takes its context first under the plain names, as pgx does.
type PgxLike interface {
	Query(ctx context.Context, sql string, args ...any) (any, error)
	Exec(ctx context.Context, sql string, args ...any) (any, error)
	QueryRow(ctx context.Context, sql string, args ...any) any
}

func pgxStyle(ctx context.Context, db PgxLike, name, table string) {
	db.Query(ctx, "SELECT id FROM users WHERE name = '"+name+"'")  // want `the SQL passed to db.Query is built with \+ from name \(a parameter of pgxStyle\)`
	db.Exec(ctx, "DELETE FROM "+table)                             // want `db.Exec is built with \+ from table`
	db.QueryRow(ctx, "SELECT id FROM users WHERE name = $1", name) // the value travels as an argument
	db.Query(ctx, "SELECT id FROM users")
}

// ContextFree has the Context names without a context parameter.
type ContextFree interface {
	QueryContext(sql string, args ...any) (*sql.Rows, error)
}

func contextFree(db ContextFree, name string) {
	db.QueryContext("SELECT id FROM users WHERE name = '" + name + "'") // want `db.QueryContext is built with \+ from name`
	db.QueryContext("SELECT id FROM users WHERE name = ?", name)
}

// Beginner's Begin takes a string, but Begin sends no SQL text.
type Beginner interface {
	Begin(label string) (*sql.Tx, error)
}

// Cache has a Query method, but is not database/sql nor an interface.
type Cache struct{}

func (Cache) Query(key string) string { return key }

func lookalikes(ctx context.Context, b Beginner, c Cache, st *sql.Stmt, name string) {
	b.Begin("tx for " + name)
	c.Query("user:" + name)
	st.QueryContext(ctx, "'"+name+"'") // a prepared statement's arguments are values
}

// A type parameter's methods come from its constraint, an interface.
func generic[Q interface {
	ExecContext(ctx context.Context, sql string, args ...any) (sql.Result, error)
}](ctx context.Context, q Q, table string) {
	q.ExecContext(ctx, "TRUNCATE "+table) // want `q.ExecContext is built with \+ from table`
}
