package picklist

import (
	"context"
	"database/sql"
)

type Item struct {
	SKU string
	Qty int
}

type Order struct {
	ID       int64
	Customer string
	Items    []Item
}

// PendingShipments returns every paid order, oldest first, with its items
// in the order they were added.
func PendingShipments(ctx context.Context, db *sql.DB) ([]Order, error) {
	// One transaction pins one connection, so the items query no longer
	// waits for a second connection from the pool of one.
	tx, err := db.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()

	rows, err := tx.QueryContext(ctx,
		`SELECT id, customer FROM orders WHERE status = 'paid' ORDER BY id`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()

	var orders []Order
	for rows.Next() {
		var o Order
		if err := rows.Scan(&o.ID, &o.Customer); err != nil {
			return nil, err
		}
		items, err := tx.QueryContext(ctx,
			`SELECT sku, qty FROM order_items WHERE order_id = ? ORDER BY id`, o.ID)
		if err != nil {
			return nil, err
		}
		for items.Next() {
			var it Item
			if err := items.Scan(&it.SKU, &it.Qty); err != nil {
				items.Close()
				return nil, err
			}
			o.Items = append(o.Items, it)
		}
		items.Close()
		if err := items.Err(); err != nil {
			return nil, err
		}
		orders = append(orders, o)
	}
	return orders, rows.Err()
}
