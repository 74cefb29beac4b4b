package checkout

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
)

var ErrEmptyCart = errors.New("checkout: cart is empty")

type Service struct {
	db *sql.DB
}

func NewService(db *sql.DB) *Service { return &Service{db: db} }

// Checkout turns the user's cart into an order, empties the cart and
// credits loyalty points (one per whole euro), all in one transaction.
func (s *Service) Checkout(ctx context.Context, userID int64) (int64, error) {
	var orderID int64
	err := withTx(ctx, s.db, func(tx *sql.Tx) error {
		var total int64
		if err := tx.QueryRowContext(ctx, `SELECT COALESCE(SUM(c.qty * p.price_cents), 0)
			FROM cart_items c JOIN products p ON p.id = c.product_id
			WHERE c.user_id = $1`, userID).Scan(&total); err != nil {
			return fmt.Errorf("cart total: %w", err)
		}
		if total == 0 {
			return ErrEmptyCart
		}
		if err := tx.QueryRowContext(ctx,
			`INSERT INTO orders(user_id, total_cents) VALUES ($1, $2) RETURNING id`, userID, total).Scan(&orderID); err != nil {
			return fmt.Errorf("insert order: %w", err)
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO order_items(order_id, product_id, qty)
			SELECT $1, product_id, qty FROM cart_items WHERE user_id = $2`, orderID, userID); err != nil {
			return fmt.Errorf("copy cart: %w", err)
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM cart_items WHERE user_id = $1`, userID); err != nil {
			return fmt.Errorf("clear cart: %w", err)
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO loyalty_ledger(user_id, order_id, points) VALUES ($1, $2, $3)`,
			userID, orderID, total/100); err != nil {
			return fmt.Errorf("credit loyalty: %w", err)
		}
		return nil
	})
	if err != nil {
		return 0, err
	}
	return orderID, nil
}

// withTx runs fn in a transaction and commits only if fn and the commit
// both succeed.
func withTx(ctx context.Context, db *sql.DB, fn func(*sql.Tx) error) error {
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
