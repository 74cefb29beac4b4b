// Package testhelp holds test support outside _test.go files: a helper
// that takes a testing.TB is test code, where no client goes away.
package testhelp

import (
	"context"
	"database/sql"
	"testing"
)

func Seed(t testing.TB, ctx context.Context, db *sql.DB) {
	if _, err := db.ExecContext(context.TODO(), `INSERT INTO users (name) VALUES ('a')`); err != nil {
		t.Fatal(err)
	}
}

// The same without a testing parameter drops its caller's context.
func SeedProd(ctx context.Context, db *sql.DB) error {
	_, err := db.ExecContext(context.TODO(), `INSERT INTO users (name) VALUES ('a')`) // want `context.TODO\(\) drops the caller's cancellation`
	return err
}
