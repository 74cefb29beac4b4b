package orders

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log"
)

var ErrBadQuantity = errors.New("orders: quantity must be positive")

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

	if _, err := tx.ExecContext(ctx,
		`UPDATE stock SET qty = qty - ? WHERE sku = ?`, qty, sku); err != nil {
		s.log.Printf("reserve %d x %s for customer %d: %v", qty, sku, customerID, err)
	}

	res, err := tx.ExecContext(ctx,
		`INSERT INTO orders(customer_id, sku, qty) VALUES (?, ?, ?)`, customerID, sku, qty)
	if err != nil {
		return 0, fmt.Errorf("insert order: %w", err)
	}
	orderID, err := res.LastInsertId()
	if err != nil {
		return 0, err
	}
	return orderID, tx.Commit()
}
