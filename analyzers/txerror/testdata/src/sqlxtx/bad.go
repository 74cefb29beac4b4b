// Package sqlxtx holds transactions begun through sqlx: an *sqlx.Tx embeds
// the *sql.Tx, so its errors are swallowed the same ways.
package sqlxtx

import (
	"context"
	"database/sql"
	"log"

	"github.com/jmoiron/sqlx"
)

type Order struct {
	ID  int64
	Qty int
}

// IgnoredBegin drops Beginx's error.
func IgnoredBegin(db *sqlx.DB) error {
	tx, _ := db.Beginx() // want `the error of Beginx is ignored: when it fails tx is nil, and the first statement on it panics`
	defer tx.Rollback()
	if _, err := tx.Exec(`DELETE FROM carts`); err != nil {
		return err
	}
	return tx.Commit()
}

// IgnoredCommit drops Commit's error on an *sqlx.Tx.
func IgnoredCommit(ctx context.Context, db *sqlx.DB, o Order) error {
	tx, err := db.BeginTxx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if _, err := tx.NamedExecContext(ctx, `INSERT INTO orders (id, qty) VALUES (:id, :qty)`, o); err != nil {
		return err
	}
	tx.Commit() // want `the error of tx.Commit is ignored: the caller reports success even when nothing was saved`
	return nil
}

// LoggedNamedExec only logs sqlx's own statement and commits.
func LoggedNamedExec(db *sqlx.DB, o Order) error {
	tx := db.MustBegin()
	defer tx.Rollback()
	if _, err := tx.NamedExec(`UPDATE stock SET qty = qty - :qty WHERE id = :id`, o); err != nil { // want `the error of tx.NamedExec is only logged, yet tx is committed \(line 49\): the transaction commits a half-done change`
		log.Printf("stock: %v", err)
	}
	return tx.Commit()
}

// IgnoredSelect drops Select's error and commits.
func IgnoredSelect(ctx context.Context, db *sqlx.DB) error {
	tx := db.MustBeginTx(ctx, nil)
	defer tx.Rollback()
	var ids []int64
	_ = tx.Select(&ids, `SELECT id FROM orders FOR UPDATE`) // want `the error of tx.Select is ignored, yet tx is committed \(line 61\)`
	if _, err := tx.Exec(`UPDATE orders SET seen = true`); err != nil {
		return err
	}
	return tx.Commit()
}

// LoggedGet only logs a Get through the transaction.
func LoggedGet(db *sqlx.DB, id int64) error {
	tx, err := db.Beginx()
	if err != nil {
		return err
	}
	defer tx.Rollback()
	var qty int
	if err := tx.Get(&qty, `SELECT qty FROM stock WHERE id = ? FOR UPDATE`, id); err != nil { // want `the error of tx.Get is only logged, yet tx is committed`
		log.Print(err)
	}
	if _, err := tx.Exec(`UPDATE stock SET qty = ? WHERE id = ?`, qty-1, id); err != nil {
		return err
	}
	return tx.Commit()
}

// LoggedRowx only logs the Scan of a QueryRowx on the transaction.
func LoggedRowx(db *sqlx.DB, id int64) error {
	tx := db.MustBegin()
	defer tx.Rollback()
	var o Order
	if err := tx.QueryRowx(`SELECT id, qty FROM orders WHERE id = ?`, id).StructScan(&o); err != nil { // want `the error of tx.QueryRowx\(...\).StructScan is only logged, yet tx is committed`
		log.Print(err)
	}
	if _, err := tx.Exec(`UPDATE orders SET qty = ? WHERE id = ?`, o.Qty+1, id); err != nil {
		return err
	}
	return tx.Commit()
}

// PreparedIgnored drops the error of a statement prepared on the
// transaction.
func PreparedIgnored(db *sqlx.DB, ids []int64) error {
	tx := db.MustBegin()
	defer tx.Rollback()
	stmt, err := tx.Preparex(`DELETE FROM orders WHERE id = ?`)
	if err != nil {
		return err
	}
	for _, id := range ids {
		stmt.Exec(id) // want `the error of stmt.Exec is ignored, yet tx is committed`
	}
	return tx.Commit()
}

// StmtGetLogged only logs sqlx's Get on a statement prepared on the
// transaction.
func StmtGetLogged(db *sqlx.DB, id int64) error {
	tx := db.MustBegin()
	defer tx.Rollback()
	stmt, err := tx.Preparex(`SELECT qty FROM stock WHERE id = ?`)
	if err != nil {
		return err
	}
	var qty int
	if err := stmt.Get(&qty, id); err != nil { // want `the error of stmt.Get is only logged, yet tx is committed`
		log.Print(err)
	}
	if _, err := tx.Exec(`UPDATE stock SET qty = ? WHERE id = ?`, qty+1, id); err != nil {
		return err
	}
	return tx.Commit()
}

// HelperLogged only logs a helper running statements on the *sqlx.Tx.
func HelperLogged(db *sqlx.DB, id int64) error {
	tx := db.MustBegin()
	defer tx.Rollback()
	if err := clearOrder(tx, id); err != nil { // want `the error of clearOrder is only logged, yet tx is committed`
		log.Print(err)
	}
	return tx.Commit()
}

func clearOrder(tx *sqlx.Tx, id int64) error { // want clearOrder:"borrowsParam\\(0\\)"
	_, err := tx.Exec(`DELETE FROM orders WHERE id = ?`, id)
	return err
}

// DeferredCommit commits in a defer.
func DeferredCommit(db *sqlx.DB) error {
	tx := db.MustBegin()
	defer tx.Commit() // want `tx.Commit is deferred: its error is lost`
	_, err := tx.Exec(`DELETE FROM carts`)
	return err
}

// PoolInside sends statements to the pool while its transaction is open.
func PoolInside(ctx context.Context, db *sqlx.DB, id int64) error {
	tx, err := db.BeginTxx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	var qty int
	if err := db.Get(&qty, `SELECT qty FROM stock WHERE id = ?`, id); err != nil { // want `db.Get runs outside the transaction tx \(begun on line 154\): it is not rolled back with tx`
		return err
	}
	if _, err := db.Exec(`UPDATE stock SET qty = ? WHERE id = ?`, qty-1, id); err != nil { // want `db.Exec runs outside the transaction tx`
		return err
	}
	return tx.Commit()
}

// NilRollbackEarly defers Rollback before the check: with sqlx the defer
// statement itself loads the *sql.Tx from the nil *sqlx.Tx.
func NilRollbackEarly(ctx context.Context, db *sqlx.DB) error {
	tx, err := db.BeginTxx(ctx, nil)
	defer tx.Rollback() // want `this deferred tx.Rollback is registered before the error of BeginTxx is checked: when it fails tx is nil, and the defer statement itself panics`
	if err != nil {
		return err
	}
	if _, err := tx.Exec(`DELETE FROM carts`); err != nil {
		return err
	}
	return tx.Commit()
}

// NilRollback rolls back the transaction Beginx never gave.
func NilRollback(db *sqlx.DB) error {
	tx, err := db.Beginx()
	if err != nil {
		tx.Rollback() // want `tx is nil here because Beginx failed: tx.Rollback panics`
		return err
	}
	defer tx.Rollback()
	var n int
	if err := tx.Get(&n, `SELECT 1`); err != nil {
		return err
	}
	return tx.Commit()
}

// NilSelect reads through the transaction Beginx never gave.
func NilSelect(db *sqlx.DB) ([]int64, error) {
	tx, err := db.Beginx()
	var ids []int64
	if err != nil {
		_ = tx.Select(&ids, `SELECT id FROM orders`) // want `tx is nil here because Beginx failed: tx.Select panics`
		return ids, err
	}
	defer tx.Rollback()
	if err := tx.Select(&ids, `SELECT id FROM orders`); err != nil {
		return nil, err
	}
	return ids, tx.Commit()
}

// ReadOnlyWrite is a transaction with an Exec: its dropped Commit error is
// reported.
func ReadOnlyWrite(ctx context.Context, db *sqlx.DB) error {
	tx, err := db.BeginTxx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return err
	}
	var ids []int64
	if err := tx.Select(&ids, `SELECT id FROM orders`); err != nil {
		return err
	}
	if _, err := tx.Exec(`UPDATE orders SET seen = true`); err != nil {
		return err
	}
	tx.Commit() // want `the error of tx.Commit is ignored`
	return nil
}
