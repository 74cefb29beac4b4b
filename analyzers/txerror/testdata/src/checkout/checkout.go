// Package checkout uses txutil across the package boundary.
package checkout

import (
	"context"
	"database/sql"

	"txutil"
)

type Svc struct{ db *sql.DB }

// Checkout clears the cart outside the transaction.
func (s *Svc) Checkout(ctx context.Context, cartID int64) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if err := txutil.InsertOrder(ctx, tx, cartID); err != nil {
		return err
	}
	if err := txutil.ClearCart(ctx, s.db, cartID); err != nil { // want `ClearCart is given the \*sql.DB while transaction tx \(begun on line 15\) is open: its statements run outside the transaction`
		return err
	}
	return tx.Commit()
}

// CheckoutOK passes the helpers what they need, in a WithTx block.
func (s *Svc) CheckoutOK(ctx context.Context, cartID int64) error {
	return txutil.WithTx(ctx, s.db, func(tx *sql.Tx) error {
		if err := txutil.InsertOrder(ctx, tx, cartID); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, `DELETE FROM cart_items WHERE cart_id = ?`, cartID)
		return err
	})
}

// AfterCommit clears the cart only once the order is committed.
func (s *Svc) AfterCommit(ctx context.Context, cartID int64) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if err := txutil.InsertOrder(ctx, tx, cartID); err != nil {
		return err
	}
	if err := tx.Commit(); err != nil {
		return err
	}
	return txutil.ClearCart(ctx, s.db, cartID)
}
