package orders

import (
	"context"
	"errors"
	"io"
	"log"
	"sync/atomic"
	"testing"

	"drill.workspace/harness"
)

const schema = `
CREATE TABLE stock(
	sku TEXT PRIMARY KEY,
	qty INTEGER NOT NULL CHECK (qty >= 0)
);
CREATE TABLE orders(
	id          INTEGER PRIMARY KEY,
	customer_id INTEGER NOT NULL,
	sku         TEXT    NOT NULL REFERENCES stock(sku),
	qty         INTEGER NOT NULL
);
INSERT INTO stock(sku, qty) VALUES ('KB-101', 3), ('MOUSE-7', 10);`

func newService(t *testing.T) (*Service, *harness.DB) {
	t.Helper()
	db := harness.OpenDB(t, schema)
	return NewService(db.DB, log.New(io.Discard, "", 0)), db
}

func TestPlaceOrderReservesStock(t *testing.T) {
	s, db := newService(t)
	id, err := s.PlaceOrder(context.Background(), 42, "KB-101", 2)
	if err != nil {
		t.Fatalf("PlaceOrder(2 x KB-101, 3 in stock) = %v, want success", err)
	}
	if n := db.Int(t, `SELECT COUNT(*) FROM orders WHERE id = ? AND customer_id = 42 AND sku = 'KB-101' AND qty = 2`, id); n != 1 {
		t.Fatalf("order %d for 2 x KB-101 is not stored", id)
	}
	if got := db.Int(t, `SELECT qty FROM stock WHERE sku = 'KB-101'`); got != 1 {
		t.Fatalf("KB-101 stock = %d after ordering 2 of 3, want 1", got)
	}
	db.AssertNoLeakedConns(t)
}

func TestPlaceOrderCanTakeTheLastUnits(t *testing.T) {
	s, db := newService(t)
	if _, err := s.PlaceOrder(context.Background(), 7, "KB-101", 3); err != nil {
		t.Fatalf("PlaceOrder(3 x KB-101, 3 in stock) = %v, want success", err)
	}
	if got := db.Int(t, `SELECT qty FROM stock WHERE sku = 'KB-101'`); got != 0 {
		t.Fatalf("KB-101 stock = %d after ordering all 3, want 0", got)
	}
}

func TestPlaceOrderRejectsBadQuantity(t *testing.T) {
	s, db := newService(t)
	if _, err := s.PlaceOrder(context.Background(), 7, "KB-101", 0); !errors.Is(err, ErrBadQuantity) {
		t.Fatalf("PlaceOrder(qty 0) = %v, want ErrBadQuantity", err)
	}
	if n := db.Int(t, `SELECT COUNT(*) FROM orders`); n != 0 {
		t.Fatalf("%d orders stored for a zero quantity, want 0", n)
	}
}

func TestPlaceOrderBeyondStockCommitsNothing(t *testing.T) {
	s, db := newService(t)
	id, err := s.PlaceOrder(context.Background(), 42, "KB-101", 5)
	orders := db.Int(t, `SELECT COUNT(*) FROM orders`)
	if err == nil || orders != 0 {
		t.Fatalf("PlaceOrder(5 x KB-101, only 3 in stock) returned order %d, err %v, and %d order rows were committed: "+
			"the stock UPDATE failed on CHECK (qty >= 0), yet the transaction went on to insert the order and commit it, "+
			"so the customer was sold units that were never reserved. Want an error and 0 orders", id, err, orders)
	}
	if got := db.Int(t, `SELECT qty FROM stock WHERE sku = 'KB-101'`); got != 3 {
		t.Fatalf("KB-101 stock = %d after a rejected order, want it unchanged at 3", got)
	}
	db.AssertNoLeakedConns(t)
}

func TestConcurrentOrdersNeverOversell(t *testing.T) {
	s, db := newService(t)
	const buyers = 32
	var ok, failed atomic.Int64
	harness.Concurrently(buyers, func(i int) {
		if _, err := s.PlaceOrder(context.Background(), int64(100+i), "MOUSE-7", 1); err != nil {
			failed.Add(1)
			return
		}
		ok.Add(1)
	})
	orders := db.Int(t, `SELECT COUNT(*) FROM orders WHERE sku = 'MOUSE-7'`)
	stock := db.Int(t, `SELECT qty FROM stock WHERE sku = 'MOUSE-7'`)
	if orders != 10 || ok.Load() != 10 || stock != 0 {
		t.Fatalf("%d buyers raced for 10 x MOUSE-7: %d calls succeeded, %d orders committed, stock left %d; "+
			"want exactly 10 orders and stock 0 (every order beyond the stock must fail and commit nothing)",
			buyers, ok.Load(), orders, stock)
	}
	db.AssertNoLeakedConns(t)
}
