// Package methodvalue calls database/sql through method values and method
// expressions: a bound method value carries its receiver in the closure,
// a method expression takes it as the first argument, and either way the
// SQL text is found in its place.
package methodvalue

import (
	"context"
	"database/sql"
)

func boundValue(ctx context.Context, db *sql.DB, ids []int64) ([]string, error) { // want boundValue:"queriesInLoop"
	get := db.QueryRowContext
	names := make([]string, len(ids))
	for i, id := range ids {
		if err := get(ctx, `SELECT name FROM users WHERE id = ?`, id).Scan(&names[i]); err != nil { // want `QueryRowContext runs once per element of ids`
			return nil, err
		}
	}
	return names, nil
}

func methodExpr(ctx context.Context, db *sql.DB, ids []int64) ([]string, error) { // want methodExpr:"queriesInLoop"
	names := make([]string, len(ids))
	for i, id := range ids {
		if err := (*sql.DB).QueryRowContext(db, ctx, `SELECT name FROM users WHERE id = ?`, id).Scan(&names[i]); err != nil { // want `QueryRowContext runs once per element of ids`
			return nil, err
		}
	}
	return names, nil
}

// A statement whose text changes per element is a runner of statements
// (migrations), not an N+1, however it is called.
func runAll(ctx context.Context, db *sql.DB, stmts []string) error { // want runAll:`queryText\[2\]`
	exec := db.ExecContext
	for _, s := range stmts {
		if _, err := exec(ctx, s); err != nil {
			return err
		}
	}
	return nil
}
