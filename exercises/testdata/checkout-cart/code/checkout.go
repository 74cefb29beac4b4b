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
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return 0, err
	}
	defer tx.Rollback()

	var total int64
	err = tx.QueryRowContext(ctx, `SELECT COALESCE(SUM(c.qty * p.price_cents), 0)
		FROM cart_items c JOIN products p ON p.id = c.product_id
		WHERE c.user_id = $1`, userID).Scan(&total)
	if err != nil {
		return 0, fmt.Errorf("cart total: %w", err)
	}
	if total == 0 {
		return 0, ErrEmptyCart
	}
	var orderID int64
	err = tx.QueryRowContext(ctx,
		`INSERT INTO orders(user_id, total_cents) VALUES ($1, $2) RETURNING id`, userID, total).Scan(&orderID)
	if err != nil {
		return 0, fmt.Errorf("insert order: %w", err)
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO order_items(order_id, product_id, qty)
		SELECT $1, product_id, qty FROM cart_items WHERE user_id = $2`, orderID, userID); err != nil {
		return 0, fmt.Errorf("copy cart: %w", err)
	}
	if err := clearCart(ctx, s.db, userID); err != nil {
		return 0, fmt.Errorf("clear cart: %w", err)
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO loyalty_ledger(user_id, order_id, points) VALUES ($1, $2, $3)`,
		userID, orderID, total/100); err != nil {
		return 0, fmt.Errorf("credit loyalty: %w", err)
	}
	return orderID, tx.Commit()
}

func clearCart(ctx context.Context, db *sql.DB, userID int64) error {
	_, err := db.ExecContext(ctx, `DELETE FROM cart_items WHERE user_id = $1`, userID)
	return err
}
