// Package harness is the test kit every hidden test uses: a real SQLite
// database behind a counting, fault-injecting connector, loopback HTTP
// servers that count connections, goroutine-leak checks and concurrency
// helpers.
//
// drill copies these files into the learner's module at check time (as the
// package drill.workspace/harness, through go test -overlay), so the package
// may import only the standard library, modernc.org/sqlite and
// go.uber.org/goleak: the modules the workspace go.mod requires.
package harness

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"modernc.org/sqlite"
)

// ErrInjectedCommit is what Commit returns while FailCommits(true) is set.
var ErrInjectedCommit = errors.New("harness: injected commit failure")

// DB is a real SQLite database in a temporary file, reached through a
// connector that records every statement the code under test sends.
type DB struct {
	*sql.DB
	Path  string
	hooks *hooks
}

// Option configures OpenDB.
type Option func(*config)

type config struct {
	maxOpen     int
	immediateTx bool
}

// MaxOpenConns caps the pool. A pool of one turns a leaked connection into
// a hang the next query can observe.
func MaxOpenConns(n int) Option { return func(c *config) { c.maxOpen = n } }

// ImmediateTx makes every transaction start with BEGIN IMMEDIATE, SQLite's
// closest equivalent of SELECT ... FOR UPDATE: a writer takes the write lock
// at BEGIN, so read-modify-write inside a transaction is serialised.
func ImmediateTx() Option { return func(c *config) { c.immediateTx = true } }

// OpenDB creates a fresh database file under t.TempDir, applies schema (any
// number of ;-separated statements) and closes the database when the test
// ends. Foreign keys are enforced and writers wait for locks instead of
// failing at once, as a production pool would be configured.
func OpenDB(t testing.TB, schema string, opts ...Option) *DB {
	t.Helper()
	cfg := config{}
	for _, o := range opts {
		o(&cfg)
	}
	path := filepath.Join(t.TempDir(), "test.db")
	dsn := "file:" + path + "?_pragma=foreign_keys(1)&_pragma=busy_timeout(10000)&_pragma=journal_mode(WAL)"
	if cfg.immediateTx {
		dsn += "&_txlock=immediate"
	}
	h := &hooks{}
	sqldb := sql.OpenDB(&connector{dsn: dsn, hooks: h})
	if cfg.maxOpen > 0 {
		sqldb.SetMaxOpenConns(cfg.maxOpen)
	}
	db := &DB{DB: sqldb, Path: path, hooks: h}
	t.Cleanup(func() { sqldb.Close() })
	if strings.TrimSpace(schema) != "" {
		if _, err := sqldb.Exec(schema); err != nil {
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
	readDelay  time.Duration
}

func (h *hooks) record(query string) time.Duration {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.queries = append(h.queries, strings.Join(strings.Fields(query), " "))
	if isRead(query) {
		return h.readDelay
	}
	return 0
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

func isRead(query string) bool {
	q := strings.ToUpper(strings.TrimSpace(query))
	return strings.HasPrefix(q, "SELECT") || strings.HasPrefix(q, "WITH")
}

type connector struct {
	dsn   string
	hooks *hooks
}

func (c *connector) Connect(context.Context) (driver.Conn, error) {
	inner, err := (&sqlite.Driver{}).Open(c.dsn)
	if err != nil {
		return nil, err
	}
	return &conn{inner: inner, hooks: c.hooks}, nil
}

func (c *connector) Driver() driver.Driver { return &sqlite.Driver{} }

// conn forwards to the SQLite connection, recording each statement. It
// implements the context interfaces, so database/sql routes the non-context
// methods (db.Exec, db.QueryRow) through it as well.
type conn struct {
	inner driver.Conn
	hooks *hooks
}

func (c *conn) Prepare(query string) (driver.Stmt, error) {
	return c.PrepareContext(context.Background(), query)
}

func (c *conn) PrepareContext(ctx context.Context, query string) (driver.Stmt, error) {
	var (
		s   driver.Stmt
		err error
	)
	if p, ok := c.inner.(driver.ConnPrepareContext); ok {
		s, err = p.PrepareContext(ctx, query)
	} else {
		s, err = c.inner.Prepare(query)
	}
	if err != nil {
		return nil, err
	}
	return &stmt{inner: s, query: query, hooks: c.hooks}, nil
}

func (c *conn) Close() error { return c.inner.Close() }

func (c *conn) Begin() (driver.Tx, error) {
	return c.BeginTx(context.Background(), driver.TxOptions{})
}

func (c *conn) BeginTx(ctx context.Context, opts driver.TxOptions) (driver.Tx, error) {
	var (
		tx  driver.Tx
		err error
	)
	if b, ok := c.inner.(driver.ConnBeginTx); ok {
		tx, err = b.BeginTx(ctx, opts)
	} else {
		tx, err = c.inner.Begin() //nolint:staticcheck // fallback for drivers without BeginTx
	}
	if err != nil {
		return nil, err
	}
	return &txn{inner: tx, hooks: c.hooks}, nil
}

func (c *conn) QueryContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Rows, error) {
	q, ok := c.inner.(driver.QueryerContext)
	if !ok {
		return nil, driver.ErrSkip
	}
	delay := c.hooks.record(query)
	rows, err := q.QueryContext(ctx, query, args)
	sleep(ctx, delay)
	return rows, err
}

func (c *conn) ExecContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Result, error) {
	e, ok := c.inner.(driver.ExecerContext)
	if !ok {
		return nil, driver.ErrSkip
	}
	c.hooks.record(query)
	return e.ExecContext(ctx, query, args)
}

func (c *conn) Ping(ctx context.Context) error {
	if p, ok := c.inner.(driver.Pinger); ok {
		return p.Ping(ctx)
	}
	return nil
}

func (c *conn) ResetSession(ctx context.Context) error {
	if r, ok := c.inner.(driver.SessionResetter); ok {
		return r.ResetSession(ctx)
	}
	return nil
}

func (c *conn) IsValid() bool {
	if v, ok := c.inner.(driver.Validator); ok {
		return v.IsValid()
	}
	return true
}

func (c *conn) CheckNamedValue(nv *driver.NamedValue) error {
	if n, ok := c.inner.(driver.NamedValueChecker); ok {
		return n.CheckNamedValue(nv)
	}
	return driver.ErrSkip
}

type stmt struct {
	inner driver.Stmt
	query string
	hooks *hooks
}

func (s *stmt) Close() error  { return s.inner.Close() }
func (s *stmt) NumInput() int { return s.inner.NumInput() }

func (s *stmt) Exec(args []driver.Value) (driver.Result, error) {
	return s.ExecContext(context.Background(), named(args))
}

func (s *stmt) Query(args []driver.Value) (driver.Rows, error) {
	return s.QueryContext(context.Background(), named(args))
}

func (s *stmt) ExecContext(ctx context.Context, args []driver.NamedValue) (driver.Result, error) {
	s.hooks.record(s.query)
	if e, ok := s.inner.(driver.StmtExecContext); ok {
		return e.ExecContext(ctx, args)
	}
	return s.inner.Exec(values(args)) //nolint:staticcheck // fallback for old drivers
}

func (s *stmt) QueryContext(ctx context.Context, args []driver.NamedValue) (driver.Rows, error) {
	delay := s.hooks.record(s.query)
	var (
		rows driver.Rows
		err  error
	)
	if q, ok := s.inner.(driver.StmtQueryContext); ok {
		rows, err = q.QueryContext(ctx, args)
	} else {
		rows, err = s.inner.Query(values(args)) //nolint:staticcheck // fallback for old drivers
	}
	sleep(ctx, delay)
	return rows, err
}

type txn struct {
	inner driver.Tx
	hooks *hooks
}

func (t *txn) Commit() error {
	if t.hooks.commitFails() {
		if err := t.inner.Rollback(); err != nil {
			return fmt.Errorf("%w (rollback: %v)", ErrInjectedCommit, err)
		}
		return ErrInjectedCommit
	}
	return t.inner.Commit()
}

func (t *txn) Rollback() error { return t.inner.Rollback() }

func named(args []driver.Value) []driver.NamedValue {
	out := make([]driver.NamedValue, len(args))
	for i, v := range args {
		out[i] = driver.NamedValue{Ordinal: i + 1, Value: v}
	}
	return out
}

func values(args []driver.NamedValue) []driver.Value {
	out := make([]driver.Value, len(args))
	for i, a := range args {
		out[i] = a.Value
	}
	return out
}

func sleep(ctx context.Context, d time.Duration) {
	if d <= 0 {
		return
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
	case <-ctx.Done():
	}
}
