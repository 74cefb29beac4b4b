package picklist

import (
	"context"
	"database/sql"
	"strings"
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
	if len(orders) == 0 {
		return orders, nil
	}

	byID := make(map[int64]*Order, len(orders))
	ids := make([]any, len(orders))
	for i := range orders {
		byID[orders[i].ID] = &orders[i]
		ids[i] = orders[i].ID
	}
	items, err := db.QueryContext(ctx,
		`SELECT order_id, sku, qty FROM order_items WHERE order_id IN (?`+strings.Repeat(",?", len(ids)-1)+`) ORDER BY id`,
		ids...)
	if err != nil {
		return nil, err
	}
	defer items.Close()
	for items.Next() {
		var orderID int64
		var it Item
		if err := items.Scan(&orderID, &it.SKU, &it.Qty); err != nil {
			return nil, err
		}
		o := byID[orderID]
		o.Items = append(o.Items, it)
	}
	return orders, items.Err()
}
