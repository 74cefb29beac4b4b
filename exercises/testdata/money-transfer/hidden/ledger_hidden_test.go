package ledger

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"drill.workspace/harness"
)

// Account 3 is closed; account 4 does not exist; account 5 is a second
// sender for the concurrent tests. The transfers journal has
// no foreign keys (it outlives accounts), so nothing but the code stops a
// credit from landing nowhere.
const schema = `
CREATE TABLE accounts(
	id            BIGINT PRIMARY KEY,
	owner         TEXT   NOT NULL,
	status        TEXT   NOT NULL DEFAULT 'open',
	balance_cents BIGINT NOT NULL
);
CREATE TABLE transfers(id BIGSERIAL PRIMARY KEY, from_id BIGINT NOT NULL, to_id BIGINT NOT NULL, amount_cents BIGINT NOT NULL);
INSERT INTO accounts(id, owner, status, balance_cents) VALUES
	(1, 'alice', 'open', 50000), (2, 'bob', 'open', 1000), (3, 'carol', 'closed', 700), (5, 'dave', 'open', 30000);`

const totalCents = 50000 + 1000 + 700 + 30000

func balance(t *testing.T, db *harness.DB, id int) int64 {
	t.Helper()
	return db.Int(t, `SELECT balance_cents FROM accounts WHERE id = $1`, id)
}

func TestTransferMovesMoney(t *testing.T) {
	db := harness.OpenDB(t, schema, harness.Postgres())
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
	db := harness.OpenDB(t, schema, harness.Postgres())
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
	db := harness.OpenDB(t, schema, harness.Postgres())
	l := New(db.DB)
	err := l.Transfer(context.Background(), 1, 3, 2500)
	checkRejected(t, db, err, 3, "is closed")
	if c := balance(t, db, 3); c != 700 {
		t.Fatalf("closed account 3 balance = %d, want it untouched at 700", c)
	}
	db.AssertNoLeakedConns(t)
}

func TestTransferToUnknownAccountChangesNothing(t *testing.T) {
	db := harness.OpenDB(t, schema, harness.Postgres())
	l := New(db.DB)
	err := l.Transfer(context.Background(), 1, 4, 2500)
	checkRejected(t, db, err, 4, "does not exist")
	db.AssertNoLeakedConns(t)
}

// TestConcurrentTransfersConserveMoney runs 48 transfers at once, with a
// delay after every SELECT: a transfer that reads a balance and writes
// back an absolute value loses the other transfers' updates (READ
// COMMITTED lets both read the same balance).
func TestConcurrentTransfersConserveMoney(t *testing.T) {
	db := harness.OpenDB(t, schema, harness.Postgres())
	l := New(db.DB)
	db.SetReadDelay(20 * time.Millisecond)
	var ok atomic.Int64
	var mu sync.Mutex
	var unexpected []string
	// 16 from alice to bob, 16 from dave to bob, 16 from alice to
	// account numbers that do not exist.
	harness.Concurrently(48, func(i int) {
		from, to := int64(1), int64(2)
		switch i % 3 {
		case 1:
			from = 5
		case 2:
			to = 40 + int64(i)
		}
		err := l.Transfer(context.Background(), from, to, 1000)
		switch {
		case err == nil:
			ok.Add(1)
		case to != 2:
		default:
			mu.Lock()
			unexpected = append(unexpected, err.Error())
			mu.Unlock()
		}
	})
	db.SetReadDelay(0)
	if len(unexpected) > 0 {
		t.Fatalf("%d transfers to bob's open account failed (first: %s), want all 32 to succeed", len(unexpected), unexpected[0])
	}
	sum := db.Int(t, `SELECT SUM(balance_cents) FROM accounts`)
	a, b, d := balance(t, db, 1), balance(t, db, 2), balance(t, db, 5)
	if ok.Load() != 32 || sum != totalCents || a != 50000-16*1000 || b != 1000+32*1000 || d != 30000-16*1000 {
		t.Fatalf("48 concurrent transfers of 1000 (alice -> bob x16, dave -> bob x16, alice -> accounts that do not exist x16): %d succeeded, "+
			"alice = %d, bob = %d, dave = %d, total = %d. Want 32 successes, alice = %d, bob = %d, dave = %d and the total unchanged at %d "+
			"(a balance read earlier in the transaction may be stale by the time it is written back)",
			ok.Load(), a, b, d, sum, 50000-16*1000, 1000+32*1000, 30000-16*1000, totalCents)
	}
	if n := db.Int(t, `SELECT COUNT(*) FROM transfers`); n != 32 {
		t.Fatalf("%d journal rows after 32 successful transfers, want 32", n)
	}
	db.AssertNoLeakedConns(t)
}

// TestReadersNeverSeeMoneyInFlight sums all balances over and over while
// transfers run: each transfer is atomic, so every single-statement read
// sees the money in exactly one of the two accounts.
func TestReadersNeverSeeMoneyInFlight(t *testing.T) {
	db := harness.OpenDB(t, schema, harness.Postgres())
	l := New(db.DB)
	var done atomic.Bool
	var mu sync.Mutex
	var reads int
	var bad []int64
	var wg sync.WaitGroup
	for range 3 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for !done.Load() {
				var sum int64
				if err := db.QueryRow(`SELECT SUM(balance_cents) FROM accounts`).Scan(&sum); err != nil {
					continue
				}
				mu.Lock()
				reads++
				if sum != totalCents {
					bad = append(bad, sum)
				}
				mu.Unlock()
			}
		}()
	}
	harness.Concurrently(48, func(i int) {
		to := int64(2)
		if i%2 == 1 {
			to = 4 // does not exist
		}
		for range 3 {
			l.Transfer(context.Background(), 1, to, 100)
		}
	})
	done.Store(true)
	wg.Wait()
	if len(bad) > 0 {
		t.Fatalf("%d of %d concurrent reads of SUM(balance_cents) saw %d cents instead of %d (first bad read): "+
			"a reader saw the money in neither account (or in both), so the debit and the credit were not committed "+
			"as one transaction", len(bad), reads, bad[0], totalCents)
	}
	if sum := db.Int(t, `SELECT SUM(balance_cents) FROM accounts`); sum != totalCents {
		t.Fatalf("after the transfers the bank holds %d cents, want %d", sum, totalCents)
	}
	if a, b := balance(t, db, 1), balance(t, db, 2); a != 50000-72*100 || b != 1000+72*100 {
		t.Fatalf("after 72 transfers of 100 to bob and 72 to a missing account: alice = %d, bob = %d; want %d and %d",
			a, b, 50000-72*100, 1000+72*100)
	}
	db.AssertNoLeakedConns(t)
}

// TestAccountClosedDuringTransferLosesNoMoney closes the destination while
// a transfer to it is under way (a delay after every SELECT holds any
// check-then-act open): whatever the transfer answers, the money is either
// credited or back with the sender, never gone. A check that the account
// is open, made before the debit and not repeated by the credit, loses it.
func TestAccountClosedDuringTransferLosesNoMoney(t *testing.T) {
	db := harness.OpenDB(t, schema, harness.Postgres())
	l := New(db.DB)
	db.SetReadDelay(300 * time.Millisecond)
	done := make(chan error, 1)
	go func() { done <- l.Transfer(context.Background(), 1, 2, 2500) }()
	time.Sleep(100 * time.Millisecond)
	// Waits for the transfer's row locks, if it holds any.
	db.MustExec(t, `UPDATE accounts SET status = 'closed' WHERE id = 2`)
	var err error
	harness.Within(t, 10*time.Second, "Transfer while its destination is being closed", func() { err = <-done })
	db.SetReadDelay(0)
	alice, bob := balance(t, db, 1), balance(t, db, 2)
	switch {
	case err == nil && (alice != 50000-2500 || bob != 1000+2500):
		t.Fatalf("Transfer to an account closed while it ran returned nil, but alice has %d (want %d) and bob %d (want %d): the credit matched no row after the account closed and the money vanished", alice, 50000-2500, bob, 1000+2500)
	case err != nil && (alice != 50000 || bob != 1000):
		t.Fatalf("Transfer to an account closed while it ran failed (%v), but alice has %d and bob %d, want 50000 and 1000: the debit stuck without its credit", err, alice, bob)
	}
	if sum := db.Int(t, `SELECT SUM(balance_cents) FROM accounts`); sum != totalCents {
		t.Fatalf("money in all accounts = %d after an account closed during a transfer, want %d", sum, totalCents)
	}
}
