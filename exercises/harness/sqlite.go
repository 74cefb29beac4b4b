package harness

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"path/filepath"
	"testing"

	"modernc.org/sqlite"
)

func openSQLite(t testing.TB, h *hooks) *DB {
	t.Helper()
	path := filepath.Join(t.TempDir(), "test.db")
	dsn := "file:" + path + "?_pragma=foreign_keys(1)&_pragma=busy_timeout(10000)&_pragma=journal_mode(WAL)"
	return attachSQLite(t, h, dsn, path)
}

// attachSQLite opens a pool on an existing SQLite file.
func attachSQLite(t testing.TB, h *hooks, dsn, path string) *DB {
	sqldb := sql.OpenDB(&connector{inner: sqliteConnector{dsn: dsn}, hooks: h})
	t.Cleanup(func() { sqldb.Close() })
	return &DB{DB: sqldb, Path: path, Engine: "sqlite", hooks: h, dsn: dsn}
}

// sqliteConnector opens connections to one SQLite file.
type sqliteConnector struct{ dsn string }

func (c sqliteConnector) Connect(context.Context) (driver.Conn, error) {
	return (&sqlite.Driver{}).Open(c.dsn)
}

func (c sqliteConnector) Driver() driver.Driver { return &sqlite.Driver{} }
