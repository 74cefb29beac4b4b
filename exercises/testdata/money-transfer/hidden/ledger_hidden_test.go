package ledger

import (
	"context"
	"errors"
	"sync/atomic"
	"testing"

	"drill.workspace/harness"
)

// Account 3 is closed; account 4 does not exist. The transfers journal has
// no foreign keys (it outlives accounts), so nothing but the code stops a
// credit from landing nowhere.
const schema = `
CREATE TABLE accounts(
	id            INTEGER PRIMARY KEY,
	owner         TEXT    NOT NULL,
	status        TEXT    NOT NULL DEFAULT 'open',
	balance_cents INTEGER NOT NULL
);
CREATE TABLE transfers(id INTEGER PRIMARY KEY, from_id INTEGER NOT NULL, to_id INTEGER NOT NULL, amount_cents INTEGER NOT NULL);
INSERT INTO accounts(id, owner, status, balance_cents) VALUES
	(1, 'alice', 'open', 50000), (2, 'bob', 'open', 1000), (3, 'carol', 'closed', 700);`

const totalCents = 50000 + 1000 + 700

func balance(t *testing.T, db *harness.DB, id int) int64 {
	t.Helper()
	return db.Int(t, `SELECT balance_cents FROM accounts WHERE id = ?`, id)
}

func TestTransferMovesMoney(t *testing.T) {
	db := harness.OpenDB(t, schema)
	l := New(db.DB)
	if err := l.Transfer(context.Background(), 1, 2, 12345); err != nil {
		t.Fatalf("Transfer(alice -> bob, 123.45) = %v, want success", err)
	}
	if a, b := balance(t, db, 1), balance(t, db, 2); a != 50000-12345 || b != 1000+12345 {
		t.Fatalf("after alice -> bob 12345: alice = %d, bob = %d; want %d and %d", a, b, 50000-12345, 1000+12345)
	}
	if n := db.Int(t, `SELECT COUNT(*) FROM transfers WHERE from_id = 1 AND to_id = 2 AND amount_cents = 12345`); n != 1 {
		t.Fatalf("%d journal rows for the transfer, want 1", n)
	}
	db.AssertNoLeakedConns(t)
}

func TestTransferRejectsInsufficientFunds(t *testing.T) {
	db := harness.OpenDB(t, schema)
	l := New(db.DB)
	if err := l.Transfer(context.Background(), 2, 1, 1001); !errors.Is(err, ErrInsufficientFunds) {
		t.Fatalf("Transfer(bob -> alice, 1001 with 1000 available) = %v, want ErrInsufficientFunds", err)
	}
	if a, b := balance(t, db, 1), balance(t, db, 2); a != 50000 || b != 1000 {
		t.Fatalf("balances changed by a rejected transfer: alice = %d, bob = %d", a, b)
	}
	if err := l.Transfer(context.Background(), 2, 1, 0); !errors.Is(err, ErrBadAmount) {
		t.Fatalf("Transfer(amount 0) = %v, want ErrBadAmount", err)
	}
}

func checkRejected(t *testing.T, db *harness.DB, err error, to int, why string) {
	t.Helper()
	a := balance(t, db, 1)
	sum := db.Int(t, `SELECT SUM(balance_cents) FROM accounts`)
	if err == nil || a != 50000 || sum != totalCents {
		t.Fatalf("Transfer(alice -> account %d, which %s) returned %v; alice's balance is now %d (was 50000) and the bank holds %d cents in total (was %d): "+
			"the debit committed but the credit matched no row, so the money vanished. Want an error and no balance change",
			to, why, err, a, sum, totalCents)
	}
	if n := db.Int(t, `SELECT COUNT(*) FROM transfers`); n != 0 {
		t.Fatalf("%d journal rows for a transfer that must not happen, want 0", n)
	}
}

func TestTransferToClosedAccountChangesNothing(t *testing.T) {
	db := harness.OpenDB(t, schema)
	l := New(db.DB)
	err := l.Transfer(context.Background(), 1, 3, 2500)
	checkRejected(t, db, err, 3, "is closed")
	if c := balance(t, db, 3); c != 700 {
		t.Fatalf("closed account 3 balance = %d, want it untouched at 700", c)
	}
	db.AssertNoLeakedConns(t)
}

func TestTransferToUnknownAccountChangesNothing(t *testing.T) {
	db := harness.OpenDB(t, schema)
	l := New(db.DB)
	err := l.Transfer(context.Background(), 1, 4, 2500)
	checkRejected(t, db, err, 4, "does not exist")
	db.AssertNoLeakedConns(t)
}

func TestConcurrentTransfersConserveMoney(t *testing.T) {
	db := harness.OpenDB(t, schema)
	l := New(db.DB)
	var ok atomic.Int64
	// Half of the 32 transfers go to bob, half to a typo'd account number.
	harness.Concurrently(32, func(i int) {
		to := int64(2)
		if i%2 == 1 {
			to = 40 + int64(i)
		}
		if err := l.Transfer(context.Background(), 1, to, 1000); err == nil {
			ok.Add(1)
		}
	})
	sum := db.Int(t, `SELECT SUM(balance_cents) FROM accounts`)
	a, b := balance(t, db, 1), balance(t, db, 2)
	if ok.Load() != 16 || sum != totalCents || a != 50000-16*1000 || b != 1000+16*1000 {
		t.Fatalf("32 concurrent transfers of 1000 from alice, 16 of them to accounts that do not exist: %d succeeded, "+
			"alice = %d, bob = %d, total = %d. Want 16 successes, alice = %d, bob = %d and the total unchanged at %d",
			ok.Load(), a, b, sum, 50000-16*1000, 1000+16*1000, totalCents)
	}
	db.AssertNoLeakedConns(t)
}
