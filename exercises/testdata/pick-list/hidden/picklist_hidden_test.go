package picklist

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"

	"drill.workspace/harness"
)

const schema = `
CREATE TABLE orders (
	id INTEGER PRIMARY KEY,
	customer TEXT NOT NULL,
	status TEXT NOT NULL
);
CREATE TABLE order_items (
	id INTEGER PRIMARY KEY,
	order_id INTEGER NOT NULL REFERENCES orders(id),
	sku TEXT NOT NULL,
	qty INTEGER NOT NULL,
	UNIQUE (order_id, sku) -- one line per product; its index returns an order's items by sku
);`

// seed stores n orders; every third one is already shipped and every fifth
// still awaiting payment. Items are inserted round-robin across orders, so
// an order's items are not stored next to each other, and their SKUs do not
// sort in the order they were added: only ORDER BY the item id keeps it. It
// returns the pick list the warehouse expects.
func seed(t *testing.T, db *harness.DB, n int) []Order {
	t.Helper()
	byID := map[int64]*Order{}
	var want []Order
	// Rows go in with one multi-row INSERT per table (item ids follow the
	// VALUES order): hundreds of single-row commits would dominate the run.
	var orders, items []string
	var orderArgs, itemArgs []any
	for id := 1; id <= n; id++ {
		status := "paid"
		switch {
		case id%3 == 0:
			status = "shipped"
		case id%5 == 0:
			status = "pending_payment"
		}
		customer := fmt.Sprintf("customer-%d", id)
		orders = append(orders, "(?, ?, ?)")
		orderArgs = append(orderArgs, id, customer, status)
		if status == "paid" {
			want = append(want, Order{ID: int64(id), Customer: customer})
		}
	}
	db.MustExec(t, `INSERT INTO orders (id, customer, status) VALUES `+strings.Join(orders, ", "), orderArgs...)
	for i := range want {
		byID[want[i].ID] = &want[i]
	}
	for round := 1; round <= 3; round++ {
		for id := 1; id <= n; id++ {
			if round == 3 && id%2 == 0 {
				continue // even orders have two items, odd ones three
			}
			it := Item{SKU: fmt.Sprintf("%s-%d", [...]string{"", "M", "A", "Z"}[round], id), Qty: round + id%4}
			items = append(items, "(?, ?, ?)")
			itemArgs = append(itemArgs, id, it.SKU, it.Qty)
			if o := byID[int64(id)]; o != nil {
				o.Items = append(o.Items, it)
			}
		}
	}
	db.MustExec(t, `INSERT INTO order_items (order_id, sku, qty) VALUES `+strings.Join(items, ", "), itemArgs...)
	return want
}

func TestPendingShipmentsSinglePooledConnection(t *testing.T) {
	db := harness.OpenDB(t, schema, harness.MaxOpenConns(1))
	want := seed(t, db, 12)

	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	var (
		got []Order
		err error
	)
	harness.Within(t, 5*time.Second, "PendingShipments", func() {
		got, err = PendingShipments(ctx, db.DB)
	})
	if errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("PendingShipments hung until its 2s deadline with the worker's pool of 1 connection: it asks for a second connection (the items query) while the orders rows still hold the only one. Close the outer rows before querying again, or load everything in one query. (err = %v)", err)
	}
	if err != nil {
		t.Fatalf("PendingShipments: %v", err)
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("PendingShipments returned the wrong pick list:\n got %+v\nwant %+v", got, want)
	}
	db.AssertNoLeakedConns(t)
}

func TestPendingShipmentsQueryCount(t *testing.T) {
	db := harness.OpenDB(t, schema)
	seed(t, db, 60)
	db.ResetQueries()

	got, err := PendingShipments(context.Background(), db.DB)
	if err != nil {
		t.Fatalf("PendingShipments: %v", err)
	}
	if n := db.QueryCount(); n > 2 {
		t.Fatalf("PendingShipments ran %d queries for %d orders: one items query per order (N+1). On a sale day with thousands of paid orders that is thousands of round trips per run; load the items with a JOIN or one IN (...) query", n, len(got))
	}
	db.AssertNoLeakedConns(t)
}

func TestPendingShipmentsResult(t *testing.T) {
	db := harness.OpenDB(t, schema)
	want := seed(t, db, 30)

	got, err := PendingShipments(context.Background(), db.DB)
	if err != nil {
		t.Fatalf("PendingShipments: %v", err)
	}
	if len(got) != len(want) {
		t.Fatalf("PendingShipments returned %d orders, want the %d paid ones (shipped and unpaid orders are not picked)", len(got), len(want))
	}
	for i := range want {
		if !reflect.DeepEqual(got[i], want[i]) {
			t.Fatalf("pick list entry %d = %+v\nwant %+v\n(orders oldest first, each with exactly its own items in the order they were added, which is item id order: without an ORDER BY on it, rows come back in whatever order the query plan reads them)", i, got[i], want[i])
		}
	}
}

func TestPendingShipmentsNothingToPick(t *testing.T) {
	db := harness.OpenDB(t, schema, harness.MaxOpenConns(1))
	db.MustExec(t, `INSERT INTO orders (id, customer, status) VALUES (1, 'a', 'shipped')`)
	db.MustExec(t, `INSERT INTO order_items (order_id, sku, qty) VALUES (1, 'X', 1)`)

	got, err := PendingShipments(context.Background(), db.DB)
	if err != nil {
		t.Fatalf("PendingShipments with nothing to pick: %v", err)
	}
	if len(got) != 0 {
		t.Fatalf("PendingShipments with nothing to pick returned %+v, want an empty pick list", got)
	}
	db.AssertNoLeakedConns(t)
}
