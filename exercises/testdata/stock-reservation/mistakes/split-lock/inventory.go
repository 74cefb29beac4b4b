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
	available, err := lockedRead(ctx, db, sku)
	if err != nil {
		return err
	}
	if available < qty {
		return ErrOutOfStock
	}
	if _, err := db.ExecContext(ctx, `UPDATE stock SET available = $1 WHERE sku = $2`, available-qty, sku); err != nil {
		return fmt.Errorf("reserving %d of %s: %w", qty, sku, err)
	}
	return nil
}

func lockedRead(ctx context.Context, db *sql.DB, sku string) (int, error) {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return 0, err
	}
	defer tx.Rollback()
	var available int
	err = tx.QueryRowContext(ctx, `SELECT available FROM stock WHERE sku = $1 FOR UPDATE`, sku).Scan(&available)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, ErrOutOfStock
	}
	if err != nil {
		return 0, fmt.Errorf("reading stock of %s: %w", sku, err)
	}
	return available, tx.Commit()
}
