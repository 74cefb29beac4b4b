// Package sqlxloops runs sqlx's own methods per element.
package sqlxloops

import (
	"context"

	"github.com/jmoiron/sqlx"
)

type tag struct{ Name string }

func Tags(ctx context.Context, db *sqlx.DB, ids []int64) ([]tag, error) { // want Tags:"queriesInLoop"
	var out []tag
	for _, id := range ids {
		var t tag
		if err := db.GetContext(ctx, &t, `SELECT name FROM tags WHERE id = $1`, id); err != nil { // want `GetContext runs once per element of ids \(N\+1\): fetch them in one query with WHERE id IN`
			return nil, err
		}
		out = append(out, t)
	}
	return out, nil
}

// One Select for all of them.
func TagsAtOnce(ctx context.Context, db *sqlx.DB, ids []int64) ([]tag, error) { // want TagsAtOnce:"mayQuery"
	var out []tag
	err := db.Select(&out, `SELECT name FROM tags WHERE id = ANY($1)`, ids)
	return out, err
}

// Inserting one row per element is no N+1.
func AddTags(db *sqlx.DB, names []string) error { // want AddTags:"mayExec"
	for _, n := range names {
		if _, err := db.NamedExec(`INSERT INTO tags (name) VALUES (:name)`, map[string]any{"name": n}); err != nil {
			return err
		}
	}
	return nil
}
