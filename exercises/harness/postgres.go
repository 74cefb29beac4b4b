package harness

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"os"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"
)

// PostgresURLEnv names the variable through which drill check hands the
// test binary a server: a maintenance database URL whose user may create
// databases.
const PostgresURLEnv = "DRILL_POSTGRES_URL"

// openPostgres creates a database of the test's own on the server drill
// provides and drops it (closing any connection the code under test left
// open) when the test ends.
func openPostgres(t testing.TB, h *hooks) *DB {
	t.Helper()
	url := os.Getenv(PostgresURLEnv)
	if url == "" {
		t.Fatalf("harness: this test runs on PostgreSQL and %s is not set: grade it with drill check, which provides a server", PostgresURLEnv)
	}
	admin, err := sql.Open("pgx", url)
	if err != nil {
		t.Fatalf("harness: %s: %v", PostgresURLEnv, err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	// drill launches its private server while this binary compiles: wait
	// for it to accept connections.
	for {
		err = admin.PingContext(ctx)
		if err == nil {
			break
		}
		if ctx.Err() != nil {
			admin.Close()
			t.Fatalf("harness: the PostgreSQL server at %s did not accept connections within a minute: %v", PostgresURLEnv, err)
		}
		time.Sleep(20 * time.Millisecond)
	}
	name := "drill_" + randomHex()
	if _, err := admin.ExecContext(ctx, "CREATE DATABASE "+name); err != nil {
		admin.Close()
		t.Fatalf("harness: creating the test database on the PostgreSQL server: %v", err)
	}
	cfg, err := pgx.ParseConfig(url)
	if err != nil {
		admin.Close()
		t.Fatalf("harness: %s: %v", PostgresURLEnv, err)
	}
	cfg.Database = name
	db := attachPostgres(t, h, cfg)
	t.Cleanup(func() {
		db.Close()
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		// FORCE ends sessions the code under test leaked, so a leak fails
		// its own assertion rather than the next test's setup.
		admin.ExecContext(ctx, "DROP DATABASE IF EXISTS "+name+" WITH (FORCE)")
		admin.Close()
	})
	return db
}

// attachPostgres opens a pool on an existing database; the pool is closed
// when the test ends.
func attachPostgres(t testing.TB, h *hooks, cfg *pgx.ConnConfig) *DB {
	sqldb := sql.OpenDB(&connector{inner: stdlib.GetConnector(*cfg), hooks: h})
	t.Cleanup(func() { sqldb.Close() })
	return &DB{DB: sqldb, Engine: "postgres", hooks: h, dsn: cfg.ConnString(), dbname: cfg.Database}
}

func randomHex() string {
	b := make([]byte, 8)
	rand.Read(b)
	return hex.EncodeToString(b)
}
