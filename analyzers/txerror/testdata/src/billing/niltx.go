package billing

import (
	"context"
	"database/sql"
)

// RollbackTooEarly defers Rollback before checking Begin's error: on
// failure tx is nil and the deferred call panics.
func RollbackTooEarly(ctx context.Context, db *sql.DB, id int64) error {
	tx, err := db.BeginTx(ctx, nil)
	defer tx.Rollback() // want `this deferred tx.Rollback is registered before the error of BeginTx is checked`
	if err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `UPDATE invoices SET paid = true WHERE id = ?`, id); err != nil {
		return err
	}
	return tx.Commit()
}

// RollbackNilTx rolls back the transaction Begin never gave.
func RollbackNilTx(ctx context.Context, db *sql.DB, id int64) error {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		tx.Rollback() // want `tx is nil here because BeginTx failed: tx.Rollback panics`
		return err
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, `UPDATE invoices SET paid = true WHERE id = ?`, id); err != nil {
		return err
	}
	return tx.Commit()
}

// EqualCheck: the else of err == nil is the failure.
func EqualCheck(ctx context.Context, db *sql.DB) error {
	tx, err := db.BeginTx(ctx, nil)
	if err == nil {
		defer tx.Rollback()
		if _, err := tx.ExecContext(ctx, `DELETE FROM drafts`); err != nil {
			return err
		}
		return tx.Commit()
	}
	tx.Rollback() // want `tx is nil here because BeginTx failed`
	return err
}

// Deferred after the check, and guarded closures: fine.
func RollbackAfterCheck(ctx context.Context, db *sql.DB) error {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, `DELETE FROM drafts`); err != nil {
		return err
	}
	return tx.Commit()
}

func GuardedClosure(ctx context.Context, db *sql.DB) (err error) {
	tx, err := db.BeginTx(ctx, nil)
	defer func() {
		if tx != nil && err != nil {
			tx.Rollback()
		}
	}()
	if err != nil {
		return err
	}
	if _, err = tx.ExecContext(ctx, `DELETE FROM drafts`); err != nil {
		return err
	}
	return tx.Commit()
}
