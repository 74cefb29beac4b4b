package inventory

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
)

// ErrOutOfStock means fewer than the requested units are available.
var ErrOutOfStock = errors.New("inventory: out of stock")

// Reserve takes qty units of sku out of available stock for an order. It is
// called for every order line just before the payment is captured, and
// returns ErrOutOfStock when the units are not there (a SKU we never
// stocked has none).
func Reserve(ctx context.Context, db *sql.DB, sku string, qty int) error {
	// The check and the decrement are one statement, so the database
	// evaluates them atomically: no other checkout can slip in between.
	res, err := db.ExecContext(ctx,
		`UPDATE stock SET available = available - $1 WHERE sku = $2 AND available >= $1`, qty, sku)
	if err != nil {
		return fmt.Errorf("reserving %d of %s: %w", qty, sku, err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return fmt.Errorf("reserving %d of %s: %w", qty, sku, err)
	}
	if n == 0 {
		return ErrOutOfStock
	}
	return nil
}
