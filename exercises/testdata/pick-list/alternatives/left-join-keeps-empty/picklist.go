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
	// LEFT JOIN: a paid order without items still shows on the list, so the
	// warehouse notices it instead of it silently never shipping.
	rows, err := db.QueryContext(ctx, `
		SELECT o.id, o.customer, i.sku, i.qty
		FROM orders o
		LEFT JOIN order_items i ON i.order_id = o.id
		WHERE o.status = 'paid'
		ORDER BY o.id, i.id`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()

	var orders []Order
	var cur *Order
	for rows.Next() {
		var (
			id       int64
			customer string
			sku      sql.NullString
			qty      sql.NullInt64
		)
		if err := rows.Scan(&id, &customer, &sku, &qty); err != nil {
			return nil, err
		}
		if cur == nil || cur.ID != id {
			orders = append(orders, Order{ID: id, Customer: customer})
			cur = &orders[len(orders)-1]
		}
		if sku.Valid {
			cur.Items = append(cur.Items, Item{SKU: sku.String, Qty: int(qty.Int64)})
		}
	}
	return orders, rows.Err()
}
