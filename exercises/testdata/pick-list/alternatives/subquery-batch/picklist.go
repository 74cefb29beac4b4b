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

	// All items of all paid orders in one statement; the subquery repeats
	// the filter instead of shipping thousands of ids back to the server.
	items, err := db.QueryContext(ctx, `
		SELECT order_id, sku, qty FROM order_items
		WHERE order_id IN (SELECT id FROM orders WHERE status = 'paid')
		ORDER BY order_id, id`)
	if err != nil {
		return nil, err
	}
	defer items.Close()
	// Both lists are sorted by order id: walk them together.
	i := 0
	for items.Next() {
		var orderID int64
		var it Item
		if err := items.Scan(&orderID, &it.SKU, &it.Qty); err != nil {
			return nil, err
		}
		for i < len(orders) && orders[i].ID < orderID {
			i++
		}
		if i == len(orders) || orders[i].ID != orderID {
			continue // the order was paid after the first query read the list
		}
		orders[i].Items = append(orders[i].Items, it)
	}
	return orders, items.Err()
}
