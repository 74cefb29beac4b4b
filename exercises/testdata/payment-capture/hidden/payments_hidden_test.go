package payments

import (
	"context"
	"testing"

	"drill.workspace/harness"
)

// The foreign key is checked at COMMIT, not at the INSERT: a payment for an
// order that does not exist is accepted statement by statement and only the
// COMMIT refuses it, exactly like a deferred constraint in PostgreSQL.
const schema = `
CREATE TABLE orders(
	id          INTEGER PRIMARY KEY,
	status      TEXT    NOT NULL DEFAULT 'pending',
	total_cents INTEGER NOT NULL,
	paid_cents  INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE payments(
	id           INTEGER PRIMARY KEY,
	order_id     INTEGER NOT NULL REFERENCES orders(id) DEFERRABLE INITIALLY DEFERRED,
	amount_cents INTEGER NOT NULL CHECK (amount_cents > 0)
);
INSERT INTO orders(id, total_cents) VALUES (1, 4999), (2, 12000);`

func TestRecordPaymentHappyPath(t *testing.T) {
	db := harness.OpenDB(t, schema)
	s := NewStore(db.DB)

	id, err := s.RecordPayment(context.Background(), 1, 4999)
	if err != nil {
		t.Fatalf("RecordPayment(order 1, 4999) = %v, want success", err)
	}
	if id <= 0 {
		t.Fatalf("RecordPayment returned payment id %d, want the id of the inserted row", id)
	}
	if n := db.Int(t, `SELECT COUNT(*) FROM payments WHERE id = ? AND order_id = 1 AND amount_cents = 4999`, id); n != 1 {
		t.Fatalf("payment %d is not stored for order 1 with 4999 cents after a successful RecordPayment", id)
	}
	if n := db.Int(t, `SELECT COUNT(*) FROM orders WHERE id = 1 AND status = 'paid' AND paid_cents = 4999`); n != 1 {
		t.Fatal("order 1 is not marked paid with paid_cents = 4999 after a successful RecordPayment")
	}
	db.AssertNoLeakedConns(t)
}

func TestRecordPaymentAccumulatesPartialPayments(t *testing.T) {
	db := harness.OpenDB(t, schema)
	s := NewStore(db.DB)
	ctx := context.Background()

	first, err := s.RecordPayment(ctx, 2, 2000)
	if err != nil {
		t.Fatalf("first RecordPayment(order 2) = %v", err)
	}
	if n := db.Int(t, `SELECT COUNT(*) FROM orders WHERE id = 2 AND status = 'paid'`); n != 0 {
		t.Fatal("order 2 (total 12000) is marked paid after a first payment of 2000: only a payment that covers the total may mark it paid")
	}
	second, err := s.RecordPayment(ctx, 2, 10000)
	if err != nil {
		t.Fatalf("second RecordPayment(order 2) = %v", err)
	}
	if first == second {
		t.Fatalf("both payments returned id %d, want two distinct payment ids", first)
	}
	if got := db.Int(t, `SELECT paid_cents FROM orders WHERE id = 2`); got != 12000 {
		t.Fatalf("order 2 paid_cents = %d after payments of 2000 and 10000, want 12000", got)
	}
	if n := db.Int(t, `SELECT COUNT(*) FROM orders WHERE id = 2 AND status = 'paid'`); n != 1 {
		t.Fatal("order 2 is not marked paid after payments of 2000 and 10000 covered its total of 12000")
	}
	if n := db.Int(t, `SELECT COUNT(*) FROM payments WHERE order_id = 2`); n != 2 {
		t.Fatalf("%d payment rows for order 2, want 2", n)
	}
}

func TestRecordPaymentReportsFailedCommit(t *testing.T) {
	db := harness.OpenDB(t, schema)
	s := NewStore(db.DB)
	db.FailCommits(true)

	id, err := s.RecordPayment(context.Background(), 1, 4999)
	if err == nil {
		t.Fatalf("RecordPayment returned payment id %d and no error, but its COMMIT failed and nothing was saved: "+
			"the caller emails a receipt for a payment that does not exist", id)
	}
	db.FailCommits(false)
	if n := db.Int(t, `SELECT COUNT(*) FROM payments`); n != 0 {
		t.Fatalf("%d payment rows after a failed commit, want 0", n)
	}
	db.AssertNoLeakedConns(t)
}

func TestRecordPaymentForUnknownOrderFailsAtCommit(t *testing.T) {
	db := harness.OpenDB(t, schema)
	s := NewStore(db.DB)

	id, err := s.RecordPayment(context.Background(), 999, 1500)
	if err == nil {
		t.Fatalf("RecordPayment(order 999, which does not exist) returned payment id %d and no error: "+
			"the COMMIT was rejected by the deferred foreign key, so the payment was never stored, yet the caller was told it succeeded", id)
	}
	if n := db.Int(t, `SELECT COUNT(*) FROM payments`); n != 0 {
		t.Fatalf("%d payment rows for a non-existent order, want 0", n)
	}
	if n := db.Int(t, `SELECT COUNT(*) FROM orders WHERE status = 'paid' OR paid_cents <> 0`); n != 0 {
		t.Fatalf("%d orders changed by a payment for a non-existent order, want 0", n)
	}
	db.AssertNoLeakedConns(t)
}
