package checkout

import (
	"context"
	"errors"
	"testing"
	"time"

	"drill.workspace/harness"
)

// The trigger stands in for a loyalty service that rejects user 2: the last
// step of Checkout fails, so the whole checkout must roll back.
const schema = `
CREATE TABLE products(id INTEGER PRIMARY KEY, name TEXT NOT NULL, price_cents INTEGER NOT NULL);
CREATE TABLE cart_items(user_id INTEGER NOT NULL, product_id INTEGER NOT NULL REFERENCES products(id), qty INTEGER NOT NULL,
	PRIMARY KEY (user_id, product_id));
CREATE TABLE orders(id INTEGER PRIMARY KEY, user_id INTEGER NOT NULL, total_cents INTEGER NOT NULL);
CREATE TABLE order_items(order_id INTEGER NOT NULL REFERENCES orders(id), product_id INTEGER NOT NULL, qty INTEGER NOT NULL);
CREATE TABLE loyalty_ledger(user_id INTEGER NOT NULL, order_id INTEGER NOT NULL REFERENCES orders(id), points INTEGER NOT NULL);
CREATE TRIGGER loyalty_down BEFORE INSERT ON loyalty_ledger WHEN NEW.user_id = 2
BEGIN SELECT RAISE(ABORT, 'loyalty account frozen'); END;
INSERT INTO products(id, name, price_cents) VALUES (1, 'coffee beans', 1250), (2, 'grinder', 8900);
INSERT INTO cart_items(user_id, product_id, qty) VALUES (1, 1, 2), (1, 2, 1), (2, 1, 4), (2, 2, 1);`

// A pool of one connection: the transaction holds it, so any statement sent
// to the pool instead of the transaction waits for it forever.
func open(t *testing.T) (*Service, *harness.DB) {
	t.Helper()
	db := harness.OpenDB(t, schema, harness.MaxOpenConns(1))
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
	if got := db.Int(t, `SELECT total_cents FROM orders WHERE id = ? AND user_id = 1`, id); got != 2*1250+8900 {
		t.Fatalf("order %d total = %d cents, want %d", id, got, 2*1250+8900)
	}
	if n := db.Int(t, `SELECT COUNT(*) FROM order_items WHERE order_id = ?`, id); n != 2 {
		t.Fatalf("order %d has %d items, want the 2 cart lines", id, n)
	}
	if n := db.Int(t, `SELECT COUNT(*) FROM cart_items WHERE user_id = 1`); n != 0 {
		t.Fatalf("user 1 still has %d cart lines after a successful checkout, want 0", n)
	}
	if got := db.Int(t, `SELECT points FROM loyalty_ledger WHERE order_id = ?`, id); got != (2*1250+8900)/100 {
		t.Fatalf("loyalty points for order %d = %d, want %d", id, got, (2*1250+8900)/100)
	}
	if n := db.Int(t, `SELECT COUNT(*) FROM cart_items WHERE user_id = 2`); n != 2 {
		t.Fatalf("another user's cart changed: user 2 has %d cart lines, want 2", n)
	}
	db.AssertNoLeakedConns(t)
}

func TestFailedCheckoutLeavesCartIntact(t *testing.T) {
	s, db := open(t)
	var err error
	harness.Within(t, 2*time.Second, what, func() {
		_, err = s.Checkout(context.Background(), 2)
	})
	if err == nil {
		t.Fatal("Checkout(user 2) succeeded although crediting loyalty points failed, want the error")
	}
	if n := db.Int(t, `SELECT COUNT(*) FROM cart_items WHERE user_id = 2`); n != 2 {
		t.Fatalf("checkout failed and rolled back, but user 2's cart now has %d lines instead of 2: "+
			"the cart was emptied outside the transaction, so the rollback could not restore it and the customer lost their cart", n)
	}
	if n := db.Int(t, `SELECT COUNT(*) FROM orders`) + db.Int(t, `SELECT COUNT(*) FROM order_items`); n != 0 {
		t.Fatalf("%d order/order_items rows left after a failed checkout, want 0", n)
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
