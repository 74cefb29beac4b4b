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
	rows, err := db.QueryContext(ctx, `
		SELECT o.id, o.customer, i.sku, i.qty
		FROM orders o
		JOIN order_items i ON i.order_id = o.id
		WHERE o.status = 'paid'
		ORDER BY o.id`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()

	var orders []Order
	for rows.Next() {
		var (
			id       int64
			customer string
			it       Item
		)
		if err := rows.Scan(&id, &customer, &it.SKU, &it.Qty); err != nil {
			return nil, err
		}
		if len(orders) == 0 || orders[len(orders)-1].ID != id {
			orders = append(orders, Order{ID: id, Customer: customer})
		}
		last := &orders[len(orders)-1]
		last.Items = append(last.Items, it)
	}
	return orders, rows.Err()
}
