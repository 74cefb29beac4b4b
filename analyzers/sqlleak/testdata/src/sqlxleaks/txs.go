package sqlxleaks

import (
	"context"

	"github.com/jmoiron/sqlx"
)

// Transfer returns on the Exec error without a Rollback.
func Transfer(ctx context.Context, db *sqlx.DB) error {
	tx, err := db.BeginTxx(ctx, nil) // want `tx is neither committed nor rolled back when Exec fails \(line 16\): the transaction keeps its connection and its locks until the database gives up on it`
	if err != nil {
		return err
	}
	if _, err := tx.Exec(`UPDATE a SET n = n - 1`); err != nil {
		return err
	}
	return tx.Commit()
}

// Must begins with MustBegin, which panics rather than fail, and forgets
// the transaction when the check fails.
func Must(db *sqlx.DB, ok bool) error {
	tx := db.MustBegin() // want `tx is neither committed nor rolled back when !ok \(line 26\)`
	if !ok {
		return nil
	}
	return tx.Commit()
}

// MustCtx begins with MustBeginTx and never finishes.
func MustCtx(ctx context.Context, db *sqlx.DB) {
	tx := db.MustBeginTx(ctx, nil) // want `tx is neither committed nor rolled back on this return`
	tx.Exec(`DELETE FROM sessions`)
}

// OldBeginx uses Beginx and reads rows it never closes; the rows are
// closed with the transaction, the transaction is not.
func OldBeginx(db *sqlx.DB) error {
	tx, err := db.Beginx() // want `tx is neither committed nor rolled back when Queryx fails \(line 46\)`
	if err != nil {
		return err
	}
	rows, err := tx.Queryx(`SELECT 1`)
	if err != nil {
		return err
	}
	_ = rows
	return nil
}

// ---- Look-alikes that must stay silent. ----

// Committed checks Commit and rolls back on every other path.
func Committed(ctx context.Context, db *sqlx.DB) error {
	tx, err := db.BeginTxx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if _, err := tx.Exec(`UPDATE a SET n = n - 1`); err != nil {
		return err
	}
	rows, err := tx.Query(`SELECT n FROM a`)
	if err != nil {
		return err
	}
	_ = rows // closed with the transaction
	return tx.Commit()
}

// MustRolledBack begins with MustBegin and defers the Rollback.
func MustRolledBack(db *sqlx.DB, ok bool) error {
	tx := db.MustBegin()
	defer tx.Rollback()
	if !ok {
		return nil
	}
	return tx.Commit()
}

// EmbeddedTx finishes through the embedded *sql.Tx, spelled out.
func EmbeddedTx(db *sqlx.DB) error {
	tx, err := db.Beginx()
	if err != nil {
		return err
	}
	if _, err := tx.Exec(`DELETE FROM a`); err != nil {
		tx.Tx.Rollback()
		return err
	}
	return tx.Tx.Commit()
}

// Unsafe commits through a second wrapper of the same transaction: the
// engine does not follow it, and says nothing.
func Unsafe(db *sqlx.DB) error {
	tx, err := db.Beginx()
	if err != nil {
		return err
	}
	u := tx.Unsafe()
	return u.Commit()
}
