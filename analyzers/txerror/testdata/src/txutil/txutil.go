// Package txutil holds transaction helpers shared by services.
package txutil

import (
	"context"
	"database/sql"
)

// WithTx runs fn in a transaction and commits when fn succeeds.
func WithTx(ctx context.Context, db *sql.DB, fn func(*sql.Tx) error) error {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if err := fn(tx); err != nil {
		return err
	}
	return tx.Commit()
}

// ClearCart deletes a cart's items straight through the pool.
func ClearCart(ctx context.Context, db *sql.DB, cartID int64) error { // want ClearCart:"runsOnDB\\(1\\)"
	_, err := db.ExecContext(ctx, `DELETE FROM cart_items WHERE cart_id = ?`, cartID)
	return err
}

// InsertOrder writes an order inside the caller's transaction.
func InsertOrder(ctx context.Context, tx *sql.Tx, cartID int64) error { // want InsertOrder:"borrowsParam\\(1\\)"
	_, err := tx.ExecContext(ctx, `INSERT INTO orders(cart_id) VALUES (?)`, cartID)
	return err
}

// CountOrders reads inside the caller's transaction.
func CountOrders(ctx context.Context, tx *sql.Tx, customer int64) (int64, error) { // want CountOrders:"borrowsParam\\(1\\)" CountOrders:"readsOnlyTx\\(1\\)"
	var n int64
	err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM orders WHERE customer_id = ?`, customer).Scan(&n)
	return n, err
}
