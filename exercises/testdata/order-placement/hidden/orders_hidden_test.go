package orders

import (
	"context"
	"errors"
	"io"
	"log"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"drill.workspace/harness"
)

const schema = `
CREATE TABLE stock(
	sku TEXT PRIMARY KEY,
	qty INTEGER NOT NULL CHECK (qty >= 0)
);
CREATE TABLE orders(
	id          BIGSERIAL PRIMARY KEY,
	customer_id INTEGER NOT NULL,
	sku         TEXT    NOT NULL REFERENCES stock(sku),
	qty         INTEGER NOT NULL
);
INSERT INTO stock(sku, qty) VALUES ('KB-101', 3), ('MOUSE-7', 10);`

func newService(t *testing.T) (*Service, *harness.DB) {
	t.Helper()
	db := harness.OpenDB(t, schema, harness.Postgres())
	return NewService(db.DB, log.New(io.Discard, "", 0)), db
}

func TestPlaceOrderReservesStock(t *testing.T) {
	s, db := newService(t)
	id, err := s.PlaceOrder(context.Background(), 42, "KB-101", 2)
	if err != nil {
		t.Fatalf("PlaceOrder(2 x KB-101, 3 in stock) = %v, want success", err)
	}
	if n := db.Int(t, `SELECT COUNT(*) FROM orders WHERE id = $1 AND customer_id = 42 AND sku = 'KB-101' AND qty = 2`, id); n != 1 {
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
			"the reservation changed nothing (or failed), yet the transaction went on to insert the order and commit it, "+
			"so the customer was sold units that were never reserved. Want an error and 0 orders", id, err, orders)
	}
	if got := db.Int(t, `SELECT qty FROM stock WHERE sku = 'KB-101'`); got != 3 {
		t.Fatalf("KB-101 stock = %d after a rejected order, want it unchanged at 3", got)
	}
	db.AssertNoLeakedConns(t)
}

// rush runs buyers concurrent single-unit orders for sku, with a delay
// after every SELECT so that a read-then-write reservation loses updates
// every run, and returns how many succeeded and the first error seen.
func rush(t *testing.T, s *Service, db *harness.DB, buyers int, sku string) (ok int64, firstErr string) {
	t.Helper()
	db.SetReadDelay(20 * time.Millisecond)
	defer db.SetReadDelay(0)
	var n atomic.Int64
	var mu sync.Mutex
	harness.Concurrently(buyers, func(i int) {
		if _, err := s.PlaceOrder(context.Background(), int64(100+i), sku, 1); err != nil {
			mu.Lock()
			if firstErr == "" {
				firstErr = err.Error()
			}
			mu.Unlock()
			return
		}
		n.Add(1)
	})
	return n.Load(), firstErr
}

func TestConcurrentOrdersNeverOversell(t *testing.T) {
	s, db := newService(t)
	const buyers = 32
	ok, firstErr := rush(t, s, db, buyers, "MOUSE-7")
	orders := db.Int(t, `SELECT COUNT(*) FROM orders WHERE sku = 'MOUSE-7'`)
	stock := db.Int(t, `SELECT qty FROM stock WHERE sku = 'MOUSE-7'`)
	if orders != 10 || ok != 10 || stock != 0 {
		t.Fatalf("%d buyers raced for 10 x MOUSE-7: %d calls succeeded, %d orders committed, stock left %d (first error: %q); "+
			"want exactly 10 orders and stock 0: every order beyond the stock must fail and commit nothing, and two orders "+
			"must never both reserve the same unit (under READ COMMITTED a level read earlier in the transaction may already be stale)",
			buyers, ok, orders, stock, firstErr)
	}
	db.AssertNoLeakedConns(t)
}

func TestUnknownSKUCommitsNothing(t *testing.T) {
	s, db := newService(t)
	id, err := s.PlaceOrder(context.Background(), 42, "NEVER-STOCKED", 1)
	if err == nil {
		t.Fatalf("PlaceOrder(1 x a SKU that was never stocked) = order %d, want an error", id)
	}
	if n := db.Int(t, `SELECT COUNT(*) FROM orders`); n != 0 {
		t.Fatalf("%d orders committed for a SKU that was never stocked, want 0", n)
	}
	db.AssertNoLeakedConns(t)
}

func TestFailedOrderInsertReleasesStock(t *testing.T) {
	s, db := newService(t)
	db.FailStatements("insert into orders")
	_, err := s.PlaceOrder(context.Background(), 42, "KB-101", 2)
	db.FailStatements("")
	if err == nil {
		t.Fatal("PlaceOrder succeeded although inserting the order failed, want the error")
	}
	if got := db.Int(t, `SELECT qty FROM stock WHERE sku = 'KB-101'`); got != 3 {
		t.Fatalf("inserting the order failed, yet KB-101 stock is %d, want it back at 3: the reservation must roll back with the order", got)
	}
	db.AssertNoLeakedConns(t)
}

// The service runs as several replicas: whatever keeps two orders from
// taking the same unit must hold across processes.
func TestReplicasNeverOversell(t *testing.T) {
	_, db := newService(t)
	db.SetReadDelay(20 * time.Millisecond)
	reports := harness.Replicas(t, db, 2, "TestReplicaOrderRush", map[string]string{"sku": "MOUSE-7"})
	db.SetReadDelay(0)
	sold := 0
	firstErr := ""
	for _, lines := range reports {
		for _, line := range lines {
			if line == "ok" {
				sold++
			} else if firstErr == "" {
				firstErr = line
			}
		}
	}
	orders := db.Int(t, `SELECT COUNT(*) FROM orders WHERE sku = 'MOUSE-7'`)
	stock := db.Int(t, `SELECT qty FROM stock WHERE sku = 'MOUSE-7'`)
	if sold != 10 || orders != 10 || stock != 0 {
		t.Fatalf("two replicas, 12 concurrent orders each, for 10 x MOUSE-7: %d succeeded, %d orders committed, stock left %d (first error: %q); "+
			"want 10, 10 and 0: a lock in process memory does not stop the other replica", sold, orders, stock, firstErr)
	}
}

// TestReplicaOrderRush is one replica's half of TestReplicasNeverOversell;
// on its own it has nothing to do.
func TestReplicaOrderRush(t *testing.T) {
	r := harness.AsReplica(t)
	if r == nil {
		return
	}
	db := r.DB(t)
	s := NewService(db.DB, log.New(io.Discard, "", 0))
	harness.Concurrently(12, func(i int) {
		if _, err := s.PlaceOrder(context.Background(), int64(500+i), r.Arg("sku"), 1); err != nil {
			r.Report(err.Error())
			return
		}
		r.Report("ok")
	})
}
