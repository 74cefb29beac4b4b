package orders

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log"
)

var (
	ErrBadQuantity = errors.New("orders: quantity must be positive")
	ErrOutOfStock  = errors.New("orders: not enough stock")
)

// lowStock is the level at which the warehouse wants a restock alert.
const lowStock = 2

// Service places orders against the shared stock table.
type Service struct {
	db  *sql.DB
	log *log.Logger
}

func NewService(db *sql.DB, logger *log.Logger) *Service {
	return &Service{db: db, log: logger}
}

// PlaceOrder reserves qty units of sku for the customer and records the
// order. It returns the order id the checkout page redirects to.
func (s *Service) PlaceOrder(ctx context.Context, customerID int64, sku string, qty int) (int64, error) {
	if qty <= 0 {
		return 0, ErrBadQuantity
	}
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return 0, err
	}
	defer tx.Rollback()

	// The WHERE clause keeps stock from going negative; RETURNING feeds
	// the restock alert. No row back means nothing was reserved.
	var left int
	err = tx.QueryRowContext(ctx, `UPDATE stock SET qty = qty - $1
		WHERE sku = $2 AND qty >= $1 RETURNING qty`, qty, sku).Scan(&left)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, ErrOutOfStock
	}
	if err != nil {
		return 0, fmt.Errorf("reserve %d x %s: %w", qty, sku, err)
	}
	if left <= lowStock {
		s.log.Printf("restock alert: %s has %d left", sku, left)
	}

	var orderID int64
	err = tx.QueryRowContext(ctx, `INSERT INTO orders(customer_id, sku, qty)
		VALUES ($1, $2, $3) RETURNING id`, customerID, sku, qty).Scan(&orderID)
	if err != nil {
		return 0, fmt.Errorf("insert order: %w", err)
	}
	if err := tx.Commit(); err != nil {
		return 0, fmt.Errorf("commit order: %w", err)
	}
	return orderID, nil
}
