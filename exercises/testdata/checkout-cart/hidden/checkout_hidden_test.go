package checkout

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"drill.workspace/harness"
)

const schema = `
CREATE TABLE products(id BIGINT PRIMARY KEY, name TEXT NOT NULL, price_cents BIGINT NOT NULL);
CREATE TABLE cart_items(user_id BIGINT NOT NULL, product_id BIGINT NOT NULL REFERENCES products(id), qty INTEGER NOT NULL,
	PRIMARY KEY (user_id, product_id));
CREATE TABLE orders(id BIGSERIAL PRIMARY KEY, user_id BIGINT NOT NULL, total_cents BIGINT NOT NULL);
CREATE TABLE order_items(order_id BIGINT NOT NULL REFERENCES orders(id), product_id BIGINT NOT NULL, qty INTEGER NOT NULL);
CREATE TABLE loyalty_ledger(user_id BIGINT NOT NULL, order_id BIGINT NOT NULL REFERENCES orders(id), points BIGINT NOT NULL);
INSERT INTO products(id, name, price_cents) VALUES (1, 'coffee beans', 1250), (2, 'grinder', 8900);
INSERT INTO cart_items(user_id, product_id, qty) VALUES (1, 1, 2), (1, 2, 1), (2, 1, 4), (2, 2, 1);
INSERT INTO cart_items(user_id, product_id, qty) SELECT u, 1, 1 FROM generate_series(10, 25) AS u;`

// A pool of one connection: the transaction holds it, so any statement sent
// to the pool instead of the transaction waits for it forever.
func open(t *testing.T) (*Service, *harness.DB) {
	t.Helper()
	db := harness.OpenDB(t, schema, harness.Postgres(), harness.MaxOpenConns(1))
	return NewService(db.DB), db
}

const what = "Checkout with a pool of one connection (held by its own transaction)"

func TestCheckoutCreatesOrderAndEmptiesCart(t *testing.T) {
	s, db := open(t)
	var (
		id  int64
		err error
	)
	harness.Within(t, 2*time.Second, what, func() {
		id, err = s.Checkout(context.Background(), 1)
	})
	if err != nil {
		t.Fatalf("Checkout(user 1) = %v, want success", err)
	}
	if got := db.Int(t, `SELECT total_cents FROM orders WHERE id = $1 AND user_id = 1`, id); got != 2*1250+8900 {
		t.Fatalf("order %d total = %d cents, want %d", id, got, 2*1250+8900)
	}
	if n := db.Int(t, `SELECT COUNT(*) FROM order_items WHERE order_id = $1`, id); n != 2 {
		t.Fatalf("order %d has %d items, want the 2 cart lines", id, n)
	}
	if n := db.Int(t, `SELECT COUNT(*) FROM cart_items WHERE user_id = 1`); n != 0 {
		t.Fatalf("user 1 still has %d cart lines after a successful checkout, want 0", n)
	}
	if got := db.Int(t, `SELECT points FROM loyalty_ledger WHERE order_id = $1`, id); got != (2*1250+8900)/100 {
		t.Fatalf("loyalty points for order %d = %d, want %d", id, got, (2*1250+8900)/100)
	}
	if n := db.Int(t, `SELECT COUNT(*) FROM cart_items WHERE user_id = 2`); n != 2 {
		t.Fatalf("another user's cart changed: user 2 has %d cart lines, want 2", n)
	}
	db.AssertNoLeakedConns(t)
}

func TestFailedCheckoutLeavesCartIntact(t *testing.T) {
	s, db := open(t)
	// The loyalty service rejects the credit: the last step fails.
	db.FailStatements("insert into loyalty_ledger")
	var err error
	harness.Within(t, 2*time.Second, what, func() {
		_, err = s.Checkout(context.Background(), 2)
	})
	db.FailStatements("")
	if err == nil {
		t.Fatal("Checkout(user 2) succeeded although crediting loyalty points failed, want the error")
	}
	assertNothingCommitted(t, db, "crediting loyalty points")
	db.AssertNoLeakedConns(t)
}

// assertNothingCommitted checks that a failed checkout of user 2 left the
// cart as it was and stored no order, order line or loyalty credit.
func assertNothingCommitted(t *testing.T, db *harness.DB, step string) {
	t.Helper()
	if n := db.Int(t, `SELECT COUNT(*) FROM cart_items WHERE user_id = 2`); n != 2 {
		t.Fatalf("%s failed, yet user 2's cart now has %d lines instead of 2: the cart must be emptied in the same transaction as the order", step, n)
	}
	orders := db.Int(t, `SELECT COUNT(*) FROM orders`)
	items := db.Int(t, `SELECT COUNT(*) FROM order_items`)
	points := db.Int(t, `SELECT COUNT(*) FROM loyalty_ledger`)
	if orders+items+points != 0 {
		t.Fatalf("%s failed, yet %d orders, %d order lines and %d loyalty credits were committed: a checkout is all or nothing", step, orders, items, points)
	}
}

func TestCheckoutWhoseCartCannotBeClearedCommitsNothing(t *testing.T) {
	s, db := open(t)
	db.FailStatements("delete from cart_items")
	var err error
	harness.Within(t, 2*time.Second, what, func() {
		_, err = s.Checkout(context.Background(), 2)
	})
	db.FailStatements("")
	if err == nil {
		t.Fatal("Checkout(user 2) succeeded although emptying the cart failed, want the error")
	}
	assertNothingCommitted(t, db, "emptying the cart")
	db.AssertNoLeakedConns(t)
}

func TestCheckoutWhoseCommitFailsCommitsNothing(t *testing.T) {
	s, db := open(t)
	db.FailCommits(true)
	var err error
	harness.Within(t, 2*time.Second, what, func() {
		_, err = s.Checkout(context.Background(), 2)
	})
	db.FailCommits(false)
	if err == nil {
		t.Fatal("Checkout(user 2) succeeded although its commit failed, want the error")
	}
	assertNothingCommitted(t, db, "the commit")
	db.AssertNoLeakedConns(t)
}

// With a pool of 4, 16 users check out at once: a checkout that needs a
// second connection while its transaction holds one starves the pool.
func TestConcurrentCheckoutsDoNotExhaustThePool(t *testing.T) {
	db := harness.OpenDB(t, schema, harness.Postgres(), harness.MaxOpenConns(4))
	s := NewService(db.DB)
	var failed atomic.Int64
	var mu sync.Mutex
	firstErr := ""
	harness.Within(t, 5*time.Second, "16 concurrent checkouts on a pool of 4 connections", func() {
		harness.Concurrently(16, func(i int) {
			if _, err := s.Checkout(context.Background(), int64(10+i)); err != nil {
				failed.Add(1)
				mu.Lock()
				if firstErr == "" {
					firstErr = err.Error()
				}
				mu.Unlock()
			}
		})
	})
	if failed.Load() > 0 {
		t.Fatalf("%d of 16 concurrent checkouts failed (first: %s), want all to succeed", failed.Load(), firstErr)
	}
	if n := db.Int(t, `SELECT COUNT(*) FROM orders WHERE user_id BETWEEN 10 AND 25`); n != 16 {
		t.Fatalf("%d orders after 16 checkouts, want 16", n)
	}
	if n := db.Int(t, `SELECT COUNT(*) FROM cart_items WHERE user_id BETWEEN 10 AND 25`); n != 0 {
		t.Fatalf("%d cart lines left after 16 successful checkouts, want 0", n)
	}
	db.AssertNoLeakedConns(t)
}

func TestCheckoutOfEmptyCart(t *testing.T) {
	s, db := open(t)
	var err error
	harness.Within(t, 2*time.Second, what, func() {
		_, err = s.Checkout(context.Background(), 99)
	})
	if !errors.Is(err, ErrEmptyCart) {
		t.Fatalf("Checkout(user 99 with no cart) = %v, want ErrEmptyCart", err)
	}
	if n := db.Int(t, `SELECT COUNT(*) FROM orders`); n != 0 {
		t.Fatalf("%d orders created for an empty cart, want 0", n)
	}
	db.AssertNoLeakedConns(t)
}
