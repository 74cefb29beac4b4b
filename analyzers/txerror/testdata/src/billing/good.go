package billing

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log"
)

// Canonical: defer Rollback, return Commit.
func Canonical(ctx context.Context, db *sql.DB, id int64) error {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, `UPDATE orders SET paid = 1 WHERE id = ?`, id); err != nil {
		return fmt.Errorf("mark paid: %w", err)
	}
	return tx.Commit()
}

// ExplicitRollback ignores Rollback's own error, which is fine.
func ExplicitRollback(ctx context.Context, db *sql.DB, id int64) error {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM carts WHERE id = ?`, id); err != nil {
		tx.Rollback()
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("commit: %w", err)
	}
	return nil
}

// NamedResult commits in a deferred closure that assigns the error.
func NamedResult(ctx context.Context, db *sql.DB, id int64) (err error) {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer func() {
		if err == nil {
			err = tx.Commit()
		} else {
			tx.Rollback()
		}
	}()
	_, err = tx.ExecContext(ctx, `DELETE FROM sessions WHERE user_id = ?`, id)
	if err != nil {
		return err
	}
	_, err = tx.ExecContext(ctx, `DELETE FROM users WHERE id = ?`, id)
	return err
}

// withTx is a local WithTx helper.
func withTx(ctx context.Context, db *sql.DB, fn func(*sql.Tx) error) (err error) {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer func() {
		if p := recover(); p != nil {
			_ = tx.Rollback()
			panic(p)
		}
		if err != nil {
			_ = tx.Rollback()
			return
		}
		err = tx.Commit()
	}()
	return fn(tx)
}

func Archive(ctx context.Context, db *sql.DB, id int64) error {
	return withTx(ctx, db, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `INSERT INTO archive SELECT * FROM orders WHERE id = ?`, id); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, `DELETE FROM orders WHERE id = ?`, id)
		return err
	})
}

// Touch is a best-effort update outside any transaction.
func Touch(ctx context.Context, db *sql.DB, id int64) { // want Touch:"runsOnDB\\(1\\)"
	if _, err := db.ExecContext(ctx, `UPDATE users SET seen_at = CURRENT_TIMESTAMP WHERE id = ?`, id); err != nil {
		log.Printf("touch: %v", err)
	}
	db.ExecContext(ctx, `DELETE FROM stale_sessions`)
}

// Upsert treats "no row" as a normal outcome.
func Upsert(ctx context.Context, db *sql.DB, key string, v int64) error {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	var cur int64
	err = tx.QueryRowContext(ctx, `SELECT v FROM counters WHERE k = ?`, key).Scan(&cur)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return err
	}
	if _, err := tx.ExecContext(ctx, `INSERT OR REPLACE INTO counters(k, v) VALUES (?, ?)`, key, cur+v); err != nil {
		return err
	}
	return tx.Commit()
}

// Retry starts a fresh transaction after a failure.
func Retry(ctx context.Context, db *sql.DB, id int64) error {
	for attempt := 0; attempt < 3; attempt++ {
		tx, err := db.BeginTx(ctx, nil)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE jobs SET runs = runs + 1 WHERE id = ?`, id); err != nil {
			tx.Rollback()
			continue
		}
		return tx.Commit()
	}
	return errors.New("retries exhausted")
}

// Store.Notify uses the pool only after the commit.
func (s *Store) Notify(ctx context.Context, id int64) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, `UPDATE orders SET state = 'shipped' WHERE id = ?`, id); err != nil {
		return err
	}
	if err := tx.Commit(); err != nil {
		return err
	}
	_, err = s.db.ExecContext(ctx, `INSERT INTO outbox_notified(order_id) VALUES (?)`, id)
	return err
}

// Mirror writes to a different database while the transaction is open.
func Mirror(ctx context.Context, primary, replica *sql.DB, id int64) error { // want Mirror:"runsOnDB\\(2\\)"
	tx, err := primary.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, `UPDATE items SET synced = 1 WHERE id = ?`, id); err != nil {
		return err
	}
	if _, err := replica.ExecContext(ctx, `INSERT INTO sync_log(item_id) VALUES (?)`, id); err != nil {
		return err
	}
	return tx.Commit()
}

// Collect keeps the first error in a named variable and checks it.
func Collect(ctx context.Context, db *sql.DB, ids []int64) (err error) {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			tx.Rollback()
		}
	}()
	for _, id := range ids {
		_, err = tx.ExecContext(ctx, `DELETE FROM jobs WHERE id = ?`, id)
		if err != nil {
			return fmt.Errorf("delete %d: %w", id, err)
		}
	}
	return tx.Commit()
}

// RollbackOnFailure logs, rolls back, and returns.
func RollbackOnFailure(ctx context.Context, db *sql.DB, id int64) error {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `UPDATE accounts SET frozen = 1 WHERE id = ?`, id); err != nil {
		log.Printf("freeze %d: %v", id, err)
		if rbErr := tx.Rollback(); rbErr != nil {
			log.Printf("rollback: %v", rbErr)
		}
		return err
	}
	return tx.Commit()
}

// CommitFailure answers 500 when the commit fails.
func (s *Store) CommitFailure(ctx context.Context, id int64) (int, error) {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return 500, err
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, `UPDATE orders SET state = 'void' WHERE id = ?`, id); err != nil {
		return 500, err
	}
	if err := tx.Commit(); err != nil {
		log.Printf("commit order %d: %v", id, err)
		return 500, errors.New("action in unknown state")
	}
	return 200, nil
}

// ImportAll remembers failures and rolls back at the end.
func ImportAll(ctx context.Context, db *sql.DB, lines []string) error {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	failed := false
	for _, l := range lines {
		if _, err := tx.ExecContext(ctx, `INSERT INTO lines(body) VALUES (?)`, l); err != nil {
			log.Printf("line %q: %v", l, err)
			failed = true
			continue
		}
	}
	if failed {
		tx.Rollback()
		return errors.New("import failed")
	}
	return tx.Commit()
}

// PreparedOnPool prepares on the pool and binds the statement to the tx.
func PreparedOnPool(ctx context.Context, db *sql.DB, ids []int64) error {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	stmt, err := db.PrepareContext(ctx, `DELETE FROM jobs WHERE id = ?`)
	if err != nil {
		return err
	}
	defer stmt.Close()
	for _, id := range ids {
		if _, err := tx.StmtContext(ctx, stmt).ExecContext(ctx, id); err != nil {
			return err
		}
	}
	return tx.Commit()
}
