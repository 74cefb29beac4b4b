package payments

import (
	"context"
	"database/sql"
	"fmt"
)

// Store records card payments captured by the payment provider.
type Store struct {
	db *sql.DB
}

func NewStore(db *sql.DB) *Store { return &Store{db: db} }

// RecordPayment stores a captured payment for an order, adds it to what the
// order has been paid so far and marks the order paid once that covers its
// total, in one transaction. It returns the new payment's id, which the
// caller puts on the receipt it emails to the customer.
func (s *Store) RecordPayment(ctx context.Context, orderID, amountCents int64) (int64, error) {
	var paymentID int64
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx,
			`INSERT INTO payments(order_id, amount_cents) VALUES (?, ?)`, orderID, amountCents)
		if err != nil {
			return fmt.Errorf("insert payment: %w", err)
		}
		if paymentID, err = res.LastInsertId(); err != nil {
			return err
		}
		// The right-hand sides see the row as it was before this UPDATE.
		if _, err := tx.ExecContext(ctx, `
			UPDATE orders
			SET paid_cents = paid_cents + ?,
				status = CASE WHEN paid_cents + ? >= total_cents THEN 'paid' ELSE status END
			WHERE id = ?`, amountCents, amountCents, orderID); err != nil {
			return fmt.Errorf("mark order paid: %w", err)
		}
		return nil
	})
	if err != nil {
		return 0, err // nothing was saved: no payment id to hand out
	}
	return paymentID, nil
}

// inTx runs fn in a transaction and commits it only if fn succeeded. The
// commit's error is the transaction's result: until it is nil, nothing fn
// wrote exists.
func (s *Store) inTx(ctx context.Context, fn func(*sql.Tx) error) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("begin: %w", err)
	}
	defer tx.Rollback() // a no-op after a successful Commit
	if err := fn(tx); err != nil {
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("commit: %w", err)
	}
	return nil
}
