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
	rows, err := db.QueryContext(ctx,
		`SELECT id, customer FROM orders WHERE status = 'paid' ORDER BY id`)
	if err != nil {
		return nil, err
	}
	var orders []Order
	for rows.Next() {
		var o Order
		if err := rows.Scan(&o.ID, &o.Customer); err != nil {
			rows.Close()
			return nil, err
		}
		orders = append(orders, o)
	}
	// Release the connection before the next query: the worker's pool has
	// only one.
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}

	for i := range orders {
		items, err := db.QueryContext(ctx,
			`SELECT sku, qty FROM order_items WHERE order_id = ? ORDER BY id`, orders[i].ID)
		if err != nil {
			return nil, err
		}
		for items.Next() {
			var it Item
			if err := items.Scan(&it.SKU, &it.Qty); err != nil {
				items.Close()
				return nil, err
			}
			orders[i].Items = append(orders[i].Items, it)
		}
		items.Close()
		if err := items.Err(); err != nil {
			return nil, err
		}
	}
	return orders, nil
}
