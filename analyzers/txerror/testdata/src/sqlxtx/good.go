package sqlxtx

import (
	"context"
	"database/sql"
	"errors"

	"github.com/jmoiron/sqlx"
)

// Checked is the canonical shape: every error returned, Commit's too.
func Checked(ctx context.Context, db *sqlx.DB, o Order) error {
	tx, err := db.BeginTxx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if _, err := tx.NamedExecContext(ctx, `INSERT INTO orders (id, qty) VALUES (:id, :qty)`, o); err != nil {
		return err
	}
	var n int
	if err := tx.Get(&n, `SELECT count(*) FROM orders`); err != nil {
		return err
	}
	var o2 Order
	if err := tx.QueryRowx(`SELECT id, qty FROM orders LIMIT 1`).StructScan(&o2); err != nil {
		return err
	}
	return tx.Commit()
}

// MustChecked begins with MustBegin, which panics instead of failing:
// there is no Begin error to ignore, and tx is never nil.
func MustChecked(db *sqlx.DB) error {
	tx := db.MustBegin()
	defer tx.Rollback()
	tx.MustExec(`DELETE FROM carts`) // panics on failure: nothing swallowed
	return tx.Commit()
}

// NoRows treats sql.ErrNoRows as an answer, and returns other errors.
func NoRows(db *sqlx.DB, id int64) error {
	tx := db.MustBegin()
	defer tx.Rollback()
	stmt, err := tx.Preparex(`SELECT qty FROM stock WHERE id = ?`)
	if err != nil {
		return err
	}
	var qty int
	if err := stmt.Get(&qty, id); err != nil && !errors.Is(err, sql.ErrNoRows) {
		return err
	}
	if _, err := stmt.Exec(id); err != nil {
		return err
	}
	return tx.Commit()
}

// OtherPool reads from a replica while the primary's transaction is
// open: a different pool, not the transaction's.
func OtherPool(ctx context.Context, primary, replica *sqlx.DB, id int64) error {
	tx, err := primary.BeginTxx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	var qty int
	if err := replica.Get(&qty, `SELECT qty FROM stock WHERE id = ?`, id); err != nil {
		return err
	}
	if _, err := tx.Exec(`UPDATE stock SET qty = ? WHERE id = ?`, qty-1, id); err != nil {
		return err
	}
	return tx.Commit()
}

// ReadOnly only reads through the transaction: a dropped Commit error
// loses nothing.
func ReadOnly(ctx context.Context, db *sqlx.DB) ([]int64, error) {
	tx, err := db.BeginTxx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return nil, err
	}
	var ids []int64
	if err := tx.Select(&ids, `SELECT id FROM orders`); err != nil {
		return nil, err
	}
	var n int
	if err := tx.Get(&n, `SELECT count(*) FROM orders`); err != nil {
		return nil, err
	}
	if err := tx.QueryRow(`SELECT count(*) FROM carts`).Scan(&n); err != nil {
		return nil, err
	}
	tx.Commit()
	return ids, nil
}

// MustReadOnly is ReadOnly begun with MustBegin.
func MustReadOnly(db *sqlx.DB) (int, error) {
	tx := db.MustBegin()
	var n int
	if err := tx.Get(&n, `SELECT count(*) FROM orders`); err != nil {
		tx.Rollback()
		return 0, err
	}
	tx.Commit()
	return n, nil
}

// NilChecked touches tx only after the check.
func NilChecked(db *sqlx.DB) error {
	tx, err := db.Beginx()
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if _, err := tx.Exec(`DELETE FROM carts`); err != nil {
		return err
	}
	return tx.Commit()
}
