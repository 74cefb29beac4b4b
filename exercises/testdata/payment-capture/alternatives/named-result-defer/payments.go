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
func (s *Store) RecordPayment(ctx context.Context, orderID, amountCents int64) (paymentID int64, err error) {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return 0, fmt.Errorf("begin: %w", err)
	}
	// One place decides how the transaction ends: commit when every
	// statement worked, and report the commit's failure as the result.
	defer func() {
		if err != nil {
			tx.Rollback()
			return
		}
		if err = tx.Commit(); err != nil {
			paymentID, err = 0, fmt.Errorf("commit payment: %w", err)
		}
	}()

	res, err := tx.ExecContext(ctx,
		`INSERT INTO payments(order_id, amount_cents) VALUES (?, ?)`, orderID, amountCents)
	if err != nil {
		return 0, fmt.Errorf("insert payment: %w", err)
	}
	paymentID, err = res.LastInsertId()
	if err != nil {
		return 0, err
	}
	// The right-hand sides see the row as it was before this UPDATE.
	if _, err := tx.ExecContext(ctx, `
		UPDATE orders
		SET paid_cents = paid_cents + ?,
			status = CASE WHEN paid_cents + ? >= total_cents THEN 'paid' ELSE status END
		WHERE id = ?`, amountCents, amountCents, orderID); err != nil {
		return 0, fmt.Errorf("mark order paid: %w", err)
	}

	return paymentID, nil
}
