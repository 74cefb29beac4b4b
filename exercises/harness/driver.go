package harness

import (
	"context"
	"database/sql/driver"
	"fmt"
	"time"
)

// connector wraps an engine's connector so every connection it makes
// records its statements in hooks.
type connector struct {
	inner driver.Connector
	hooks *hooks
}

func (c *connector) Connect(ctx context.Context) (driver.Conn, error) {
	inner, err := c.inner.Connect(ctx)
	if err != nil {
		return nil, err
	}
	return &conn{inner: inner, hooks: c.hooks}, nil
}

func (c *connector) Driver() driver.Driver { return c.inner.Driver() }

// conn forwards to the engine's connection, recording each statement. It
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
		//lint:ignore SA1019 the fallback a wrapper owes drivers without BeginTx
		tx, err = c.inner.Begin()
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
	delay, err := c.hooks.record(query)
	if err != nil {
		return nil, err
	}
	rows, err := q.QueryContext(ctx, query, args)
	sleep(ctx, delay)
	return rows, err
}

func (c *conn) ExecContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Result, error) {
	e, ok := c.inner.(driver.ExecerContext)
	if !ok {
		return nil, driver.ErrSkip
	}
	if _, err := c.hooks.record(query); err != nil {
		return nil, err
	}
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
	if _, err := s.hooks.record(s.query); err != nil {
		return nil, err
	}
	if e, ok := s.inner.(driver.StmtExecContext); ok {
		return e.ExecContext(ctx, args)
	}
	//lint:ignore SA1019 the fallback a wrapper owes drivers without ExecContext
	return s.inner.Exec(values(args))
}

func (s *stmt) QueryContext(ctx context.Context, args []driver.NamedValue) (driver.Rows, error) {
	delay, err := s.hooks.record(s.query)
	if err != nil {
		return nil, err
	}
	var rows driver.Rows
	if q, ok := s.inner.(driver.StmtQueryContext); ok {
		rows, err = q.QueryContext(ctx, args)
	} else {
		//lint:ignore SA1019 the fallback a wrapper owes drivers without QueryContext
		rows, err = s.inner.Query(values(args))
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
