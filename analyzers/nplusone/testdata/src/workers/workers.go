// Package workers holds loops that run a query per iteration without being
// N+1 queries: queue workers that process one job at a time, migration
// runners whose statements come from the migration, and per-recipient
// deliveries that insert one row each. Beside each is the per-element
// read that stays reported.
package workers

import (
	"context"
	"database/sql"
	"io/fs"
	"time"
)

type Job struct {
	ID      int64
	Account int64
	Payload string
}

func loadAccount(ctx context.Context, db *sql.DB, id int64) (string, error) { // want loadAccount:"mayQuery key\\[2\\]=id"
	var email string
	err := db.QueryRowContext(ctx, `SELECT email FROM accounts WHERE id = ?`, id).Scan(&email)
	return email, err
}

func finish(ctx context.Context, db *sql.DB, id int64) error { // want finish:"mayExec"
	_, err := db.ExecContext(ctx, `UPDATE jobs SET state = 'done' WHERE id = ?`, id)
	return err
}

func next(ctx context.Context, db *sql.DB) (Job, error) { // want next:"mayExec"
	var j Job
	err := db.QueryRowContext(ctx, `DELETE FROM jobs WHERE id = (SELECT id FROM jobs ORDER BY id LIMIT 1) RETURNING id, account, payload`).Scan(&j.ID, &j.Account, &j.Payload)
	return j, err
}

// --- queue workers ---------------------------------------------------------

// Poll takes one job per iteration: the loop is not over a collection.
func Poll(ctx context.Context, db *sql.DB) error { // want Poll:"mayQuery mayExec"
	for {
		j, err := next(ctx, db)
		if err != nil {
			return err
		}
		if _, err := loadAccount(ctx, db, j.Account); err != nil {
			return err
		}
		if err := finish(ctx, db, j.ID); err != nil {
			return err
		}
	}
}

// Consume handles jobs received from a channel, one per iteration.
func Consume(ctx context.Context, db *sql.DB, jobs <-chan Job) error { // want Consume:"mayQuery mayExec"
	for j := range jobs {
		if _, err := loadAccount(ctx, db, j.Account); err != nil {
			return err
		}
		if _, err := db.ExecContext(ctx, `UPDATE jobs SET state = 'done' WHERE id = ?`, j.ID); err != nil {
			return err
		}
	}
	return nil
}

// ClaimBatch claims a batch of jobs with UPDATE ... RETURNING and runs
// each: every iteration processes one claimed job.
func ClaimBatch(ctx context.Context, db *sql.DB, worker string) error { // want ClaimBatch:"queriesInLoop mayExec"
	rows, err := db.QueryContext(ctx, `UPDATE jobs SET state = 'running', worker = $1
		WHERE id IN (SELECT id FROM jobs WHERE state = 'queued' ORDER BY id LIMIT 10)
		RETURNING id, account, payload`, worker)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var j Job
		if err := rows.Scan(&j.ID, &j.Account, &j.Payload); err != nil {
			return err
		}
		if _, err := loadAccount(ctx, db, j.Account); err != nil {
			return err
		}
		if _, err := db.ExecContext(ctx, `UPDATE jobs SET state = 'done' WHERE id = $1`, j.ID); err != nil {
			return err
		}
	}
	return rows.Err()
}

// LockBatch claims with SELECT ... FOR UPDATE SKIP LOCKED.
func LockBatch(ctx context.Context, tx *sql.Tx, db *sql.DB) error { // want LockBatch:"mayQuery queriesInLoop"
	rows, err := tx.QueryContext(ctx, `SELECT id, account FROM jobs WHERE state = 'queued' LIMIT 10 FOR UPDATE SKIP LOCKED`)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var j Job
		if err := rows.Scan(&j.ID, &j.Account); err != nil {
			return err
		}
		if _, err := loadAccount(ctx, db, j.Account); err != nil {
			return err
		}
	}
	return rows.Err()
}

// ListQueued reads the queue without claiming it and loads each job's
// account: a plain list of rows, one query per row.
func ListQueued(ctx context.Context, db *sql.DB) ([]string, error) { // want ListQueued:"mayQuery queriesInLoop"
	rows, err := db.QueryContext(ctx, `SELECT id, account FROM jobs WHERE state = 'queued' ORDER BY id`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var j Job
		if err := rows.Scan(&j.ID, &j.Account); err != nil {
			return nil, err
		}
		email, err := loadAccount(ctx, db, j.Account) // want `loadAccount runs a query once per row of rows \(N\+1\): fetch them in one query with WHERE id IN`
		if err != nil {
			return nil, err
		}
		out = append(out, email)
	}
	return out, rows.Err()
}

// --- migration runners ---------------------------------------------------

type step struct {
	Version int
	Up      func(context.Context, *sql.Tx) error
}

// MigrateFiles runs each migration file's SQL and records its version:
// the statement is the element.
func MigrateFiles(ctx context.Context, tx *sql.Tx, fsys fs.FS, names []string) error { // want MigrateFiles:"mayExec"
	for _, name := range names {
		body, err := fs.ReadFile(fsys, name)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, string(body)); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO schema_migrations (name, applied_at) VALUES (?, ?)`, name, time.Now()); err != nil {
			return err
		}
	}
	return nil
}

// MigrateSteps runs each step's code and moves the one version row on.
func MigrateSteps(ctx context.Context, tx *sql.Tx, steps []step) error { // want MigrateSteps:"mayExec"
	for _, s := range steps {
		if err := s.Up(ctx, tx); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE schema_version SET version = ?`, s.Version); err != nil {
			return err
		}
	}
	return nil
}

// PendingSteps asks once per step whether it was applied: a read a single
// WHERE version IN (...) replaces.
func PendingSteps(ctx context.Context, db *sql.DB, steps []step) ([]step, error) { // want PendingSteps:"queriesInLoop"
	var out []step
	for _, s := range steps {
		var n int
		if err := db.QueryRowContext(ctx, `SELECT count(*) FROM schema_migrations WHERE version = ?`, s.Version).Scan(&n); err != nil { // want `QueryRowContext runs once per element of steps \(N\+1\): fetch them in one query with WHERE version IN`
			return nil, err
		}
		if n == 0 {
			out = append(out, s)
		}
	}
	return out, nil
}

// --- per-recipient deliveries ----------------------------------------------

type Recipient struct {
	ID    int64
	Email string
}

func send(addr, body string) error { return nil }

// deliver sends one message and records the delivery row it created.
func deliver(ctx context.Context, tx *sql.Tx, msgID int64, r Recipient) (int64, error) { // want deliver:"mayExec"
	if err := send(r.Email, "hello"); err != nil {
		return 0, err
	}
	var id int64
	err := tx.QueryRowContext(ctx, `INSERT INTO deliveries (message_id, recipient_id) VALUES ($1, $2) RETURNING id`, msgID, r.ID).Scan(&id)
	return id, err
}

func logDelivery(ctx context.Context, tx *sql.Tx, msgID int64, r Recipient) error { // want logDelivery:"mayExec"
	_, err := tx.ExecContext(ctx, `INSERT INTO delivery_log (message_id, recipient_id) VALUES ($1, $2)`, msgID, r.ID)
	return err
}

// Deliver sends to each recipient and inserts a delivery row for each.
func Deliver(ctx context.Context, tx *sql.Tx, msgID int64, rs []Recipient) error { // want Deliver:"mayExec"
	for _, r := range rs {
		if _, err := deliver(ctx, tx, msgID, r); err != nil {
			return err
		}
		if err := logDelivery(ctx, tx, msgID, r); err != nil {
			return err
		}
	}
	return nil
}

func addressOf(ctx context.Context, tx *sql.Tx, id int64) (string, error) { // want addressOf:"mayQuery key\\[2\\]=id"
	var a string
	err := tx.QueryRowContext(ctx, `SELECT email FROM recipients WHERE id = $1`, id).Scan(&a)
	return a, err
}

// DeliverByID looks each recipient's address up first: that read is one
// query per recipient.
func DeliverByID(ctx context.Context, tx *sql.Tx, msgID int64, ids []int64) error { // want DeliverByID:"queriesInLoop mayExec"
	for _, id := range ids {
		addr, err := addressOf(ctx, tx, id) // want `addressOf runs a query once per element of ids \(N\+1\): fetch them in one query with WHERE id IN`
		if err != nil {
			return err
		}
		if _, err := deliver(ctx, tx, msgID, Recipient{ID: id, Email: addr}); err != nil {
			return err
		}
	}
	return nil
}
