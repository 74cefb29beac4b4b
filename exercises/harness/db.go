// Package harness is the test kit every hidden test uses: a real database
// (SQLite, embedded, or PostgreSQL where the lesson is isolation or row
// locking) behind a connector that records and can fail statements,
// loopback HTTP servers that count connections, goroutine-leak checks and
// concurrency helpers.
//
// drill copies these files into its grading module at check time (as the
// package drill.workspace/harness), so the package may import only the
// standard library and the modules the workspace go.mod requires: modernc.org/sqlite, github.com/jackc/pgx/v5 and go.uber.org/goleak.
package harness

import (
	"database/sql"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"
)

// ErrInjectedCommit is what Commit returns while FailCommits(true) is set.
var ErrInjectedCommit = errors.New("harness: injected commit failure")

// ErrInjectedStatement is what a statement matched by FailStatements returns.
var ErrInjectedStatement = errors.New("harness: injected statement failure")

// DB is a fresh database of its own for one test, reached through a
// connector that records every statement the code under test sends. The
// API is the same on both engines; only the SQL dialect differs (SQLite
// takes ? placeholders, PostgreSQL $1).
type DB struct {
	*sql.DB
	// Path is the SQLite file; empty on PostgreSQL.
	Path   string
	Engine string // "sqlite" or "postgres"
	hooks  *hooks
	// dsn and dbname are how another process reaches the same database
	// (Replicas): the SQLite file's DSN, or the server URL and database.
	dsn, dbname string
}

// Option configures OpenDB.
type Option func(*config)

type config struct {
	maxOpen  int
	postgres bool
}

// MaxOpenConns caps the pool. A pool of one turns a leaked connection into
// a hang the next query can observe.
func MaxOpenConns(n int) Option { return func(c *config) { c.maxOpen = n } }

// Postgres asks for a PostgreSQL database instead of SQLite: READ
// COMMITTED, row locks, SELECT ... FOR UPDATE and ON CONFLICT behave as in
// production. drill check provides the server (DRILL_POSTGRES_URL) and the
// exercise declares "database": "postgres"; each test gets a new database,
// dropped when it ends.
func Postgres() Option { return func(c *config) { c.postgres = true } }

// OpenDB creates a fresh database, applies schema (any number of
// ;-separated statements) and closes the database when the test ends.
// SQLite: a file under t.TempDir with foreign keys enforced, WAL, and
// writers that wait for locks instead of failing at once, as a production
// pool would be configured; transactions keep SQLite's own meaning (BEGIN
// is deferred).
func OpenDB(t testing.TB, schema string, opts ...Option) *DB {
	t.Helper()
	cfg := config{}
	for _, o := range opts {
		o(&cfg)
	}
	h := &hooks{}
	var db *DB
	if cfg.postgres {
		db = openPostgres(t, h)
	} else {
		db = openSQLite(t, h)
	}
	if cfg.maxOpen > 0 {
		db.SetMaxOpenConns(cfg.maxOpen)
	}
	if strings.TrimSpace(schema) != "" {
		if _, err := db.DB.Exec(schema); err != nil {
			t.Fatalf("harness: applying schema: %v", err)
		}
	}
	db.ResetQueries()
	return db
}

// MustExec runs a setup statement and fails the test if it errors.
func (d *DB) MustExec(t testing.TB, query string, args ...any) {
	t.Helper()
	if _, err := d.DB.Exec(query, args...); err != nil {
		t.Fatalf("harness: %s: %v", query, err)
	}
}

// Int runs a query that returns one integer (COUNT, SUM, a column).
func (d *DB) Int(t testing.TB, query string, args ...any) int64 {
	t.Helper()
	var n sql.NullInt64
	if err := d.DB.QueryRow(query, args...).Scan(&n); err != nil {
		t.Fatalf("harness: %s: %v", query, err)
	}
	return n.Int64
}

// Queries returns the statements sent since the last ResetQueries, in order.
// Statements the harness itself runs (MustExec, Int) are included, so reset
// after setup.
func (d *DB) Queries() []string { return d.hooks.log() }

// QueryCount is len(Queries()).
func (d *DB) QueryCount() int { return len(d.hooks.log()) }

// ResetQueries forgets the statements recorded so far.
func (d *DB) ResetQueries() { d.hooks.reset() }

// FailCommits makes every Commit fail with ErrInjectedCommit (and roll the
// transaction back) until it is called with false.
func (d *DB) FailCommits(on bool) {
	d.hooks.mu.Lock()
	d.hooks.failCommit = on
	d.hooks.mu.Unlock()
}

// FailStatements makes every statement whose text contains match (case
// and spacing ignored) fail with ErrInjectedStatement before it reaches the
// database, until it is called with "". An atomicity test fails a later
// statement of a unit of work and asserts the earlier ones did not stick.
func (d *DB) FailStatements(match string) {
	d.hooks.mu.Lock()
	d.hooks.failMatch = normalize(match)
	d.hooks.mu.Unlock()
}

// SetReadDelay sleeps after every SELECT, which widens the window between
// a read and the write that depends on it so that races show up every run.
func (d *DB) SetReadDelay(delay time.Duration) {
	d.hooks.mu.Lock()
	d.hooks.readDelay = delay
	d.hooks.mu.Unlock()
}

// AssertNoLeakedConns fails the test when a connection is still checked out
// of the pool after the code under test returned: an unclosed *sql.Rows,
// *sql.Tx, *sql.Conn or *sql.Stmt.
func (d *DB) AssertNoLeakedConns(t testing.TB) {
	t.Helper()
	deadline := time.Now().Add(500 * time.Millisecond)
	for {
		inUse := d.DB.Stats().InUse
		if inUse == 0 {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%d database connection(s) still in use after the call returned: something (rows, a transaction, a statement or a conn) was not closed", inUse)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// hooks is the state shared by the connector and every connection it makes.
type hooks struct {
	mu         sync.Mutex
	queries    []string
	failCommit bool
	failMatch  string
	readDelay  time.Duration
}

// record logs query and says how long to pause after it and whether to
// fail it instead of running it.
func (h *hooks) record(query string) (time.Duration, error) {
	h.mu.Lock()
	defer h.mu.Unlock()
	q := strings.Join(strings.Fields(query), " ")
	h.queries = append(h.queries, q)
	if h.failMatch != "" && strings.Contains(normalize(q), h.failMatch) {
		return 0, ErrInjectedStatement
	}
	if isRead(query) {
		return h.readDelay, nil
	}
	return 0, nil
}

func (h *hooks) log() []string {
	h.mu.Lock()
	defer h.mu.Unlock()
	return append([]string(nil), h.queries...)
}

func (h *hooks) reset() {
	h.mu.Lock()
	h.queries = nil
	h.mu.Unlock()
}

func (h *hooks) commitFails() bool {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.failCommit
}

func normalize(s string) string { return strings.ToLower(strings.Join(strings.Fields(s), " ")) }

func isRead(query string) bool {
	q := strings.ToUpper(strings.TrimSpace(query))
	return strings.HasPrefix(q, "SELECT") || strings.HasPrefix(q, "WITH")
}
