// Package checkout uses txutil across the package boundary.
package checkout

import (
	"context"
	"database/sql"
	"log"

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
	if err := txutil.ClearCart(ctx, s.db, cartID); err != nil { // want `ClearCart is given the \*sql.DB while transaction tx \(begun on line 16\) is open: its statements run outside the transaction`
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

// LogsHelperError runs the cart helper on tx but only logs its failure:
// the order commits while the cart stays full.
func (s *Svc) LogsHelperError(ctx context.Context, cartID int64) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if err := txutil.InsertOrder(ctx, tx, cartID); err != nil { // want `the error of txutil.InsertOrder is only logged, yet tx is committed`
		log.Printf("insert order %d: %v", cartID, err)
	}
	if err := clearCartTx(ctx, tx, cartID); err != nil { // want `the error of clearCartTx is only logged, yet tx is committed`
		log.Printf("clear cart %d: %v", cartID, err)
	}
	return tx.Commit()
}

// DropsHelperError throws the helper's error away.
func (s *Svc) DropsHelperError(ctx context.Context, cartID int64) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	_ = clearCartTx(ctx, tx, cartID) // want `the error of clearCartTx is ignored, yet tx is committed`
	return tx.Commit()
}

// HelperErrorReturned is the fix: the helper's failure ends the transaction.
func (s *Svc) HelperErrorReturned(ctx context.Context, cartID int64) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if err := clearCartTx(ctx, tx, cartID); err != nil {
		log.Printf("clear cart %d: %v", cartID, err)
		return err
	}
	n, err := countLines(ctx, tx, cartID)
	if err != nil {
		return err
	}
	describe(tx, n) // takes tx but returns no error: not a statement
	return tx.Commit()
}

// HelperOnOtherTx logs the error of a helper that ran on another
// transaction, which this one does not depend on.
func (s *Svc) HelperOnOtherTx(ctx context.Context, audit *sql.Tx, cartID int64) error { // want HelperOnOtherTx:"borrowsParam\\(2\\)"
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if err := clearCartTx(ctx, audit, cartID); err != nil {
		log.Printf("audit clear cart %d: %v", cartID, err)
	}
	return tx.Commit()
}

func clearCartTx(ctx context.Context, tx *sql.Tx, cartID int64) error { // want clearCartTx:"borrowsParam\\(1\\)"
	_, err := tx.ExecContext(ctx, `DELETE FROM cart_items WHERE cart_id = ?`, cartID)
	return err
}

func countLines(ctx context.Context, tx *sql.Tx, cartID int64) (int, error) { // want countLines:"borrowsParam\\(1\\)" countLines:"readsOnlyTx\\(1\\)"
	var n int
	err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM cart_items WHERE cart_id = ?`, cartID).Scan(&n)
	return n, err
}

func describe(tx *sql.Tx, n int) { log.Printf("tx %p: %d lines", tx, n) }
