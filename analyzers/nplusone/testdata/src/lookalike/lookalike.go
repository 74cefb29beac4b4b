// Package lookalike calls methods named like database/sql's through
// interfaces and types that are not database/sql: only an interface whose
// method returns database/sql's own result type runs SQL.
package lookalike

import (
	"context"
	"database/sql"
)

// DBTX is shaped like sqlc's: its methods return database/sql types.
type DBTX interface {
	QueryRowContext(ctx context.Context, q string, args ...any) *sql.Row
	PrepareContext(ctx context.Context, q string) (*sql.Stmt, error)
}

// Pgx names its methods like database/sql but returns its own types.
type Pgx interface {
	QueryRow(ctx context.Context, q string, args ...any) any
}

// Mismatched returns a database/sql type, but not the one its name
// promises: a Query that hands back a sql.Result.
type Mismatched interface {
	QueryContext(ctx context.Context, q string, args ...any) (sql.Result, error)
}

// Cache is a concrete type with a Query method.
type Cache struct{}

func (Cache) Query(q string, args ...any) string { return q }

func Typed(ctx context.Context, d DBTX, ids []int64) { // want Typed:"queriesInLoop"
	for _, id := range ids {
		var n int
		_ = d.QueryRowContext(ctx, `SELECT n FROM t WHERE id = ?`, id).Scan(&n) // want `QueryRowContext runs once per element of ids \(N\+1\)`
	}
}

func Prepares(ctx context.Context, d DBTX, ids []int64) {
	for range ids {
		_, _ = d.PrepareContext(ctx, `SELECT n FROM t WHERE id = ?`)
	}
}

func PgxResults(ctx context.Context, p Pgx, ids []int64) {
	for _, id := range ids {
		_ = p.QueryRow(ctx, `SELECT n FROM t WHERE id = ?`, id)
	}
}

func MismatchedResults(ctx context.Context, m Mismatched, ids []int64) {
	for _, id := range ids {
		_, _ = m.QueryContext(ctx, `SELECT n FROM t WHERE id = ?`, id)
	}
}

func CacheQuery(c Cache, ids []int64) {
	for _, id := range ids {
		_ = c.Query(`SELECT n FROM t WHERE id = ?`, id)
	}
}

// Replicas asks every replica once: a fan-out over handles, not N+1.
func Replicas(ctx context.Context, replicas []DBTX) int { // want Replicas:"mayQuery"
	total := 0
	for _, r := range replicas {
		var n int
		if r.QueryRowContext(ctx, `SELECT count(*) FROM t`).Scan(&n) == nil {
			total += n
		}
	}
	return total
}
