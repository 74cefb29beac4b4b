package inventory

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
)

// ErrOutOfStock means fewer than the requested units are available.
var ErrOutOfStock = errors.New("inventory: out of stock")

// Reserve takes qty units of sku out of available stock for an order.
func Reserve(ctx context.Context, db *sql.DB, sku string, qty int) error {
	for {
		var available int
		err := db.QueryRowContext(ctx, `SELECT available FROM stock WHERE sku = $1`, sku).Scan(&available)
		if errors.Is(err, sql.ErrNoRows) {
			return ErrOutOfStock
		}
		if err != nil {
			return fmt.Errorf("reading stock of %s: %w", sku, err)
		}
		if available < qty {
			return ErrOutOfStock
		}
		// The write succeeds only if nobody changed the row since we read
		// it; otherwise someone else reserved first, so look again.
		res, err := db.ExecContext(ctx, `UPDATE stock SET available = $1 WHERE sku = $2 AND available = $3`, available-qty, sku, available)
		if err != nil {
			return fmt.Errorf("reserving %d of %s: %w", qty, sku, err)
		}
		if n, err := res.RowsAffected(); err != nil {
			return fmt.Errorf("reserving %d of %s: %w", qty, sku, err)
		} else if n == 1 {
			return nil
		}
	}
}
