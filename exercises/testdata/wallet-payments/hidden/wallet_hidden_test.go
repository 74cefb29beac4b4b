package wallet

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"drill.workspace/harness"
)

// openLedger opens a PostgreSQL database (READ COMMITTED, as production
// runs) with the given wallets.
func openLedger(t *testing.T, balances map[string]int64) (*harness.DB, *Ledger) {
	t.Helper()
	db := harness.OpenDB(t, Schema, harness.Postgres())
	for id, b := range balances {
		db.MustExec(t, `INSERT INTO wallets (id, balance_cents) VALUES ($1, $2)`, id, b)
	}
	return db, NewLedger(db.DB)
}

// outcomes collects what concurrent transfers returned: how many succeeded,
// how many were refused for insufficient funds, and every other error.
type outcomes struct {
	mu          sync.Mutex
	ok, refused int
	unexpected  []string
}

func (o *outcomes) add(err error) {
	o.mu.Lock()
	defer o.mu.Unlock()
	switch {
	case err == nil:
		o.ok++
	case errors.Is(err, ErrInsufficientFunds):
		o.refused++
	default:
		o.unexpected = append(o.unexpected, err.Error())
	}
}

func (o *outcomes) check(t *testing.T, what string) {
	t.Helper()
	if len(o.unexpected) > 0 {
		t.Fatalf("%s: %d transfers failed (first: %s); want every transfer to succeed or be refused with ErrInsufficientFunds. Two transfers that lock the same two wallets in opposite orders wait for each other forever; PostgreSQL breaks the cycle after deadlock_timeout by aborting one of them",
			what, len(o.unexpected), o.unexpected[0])
	}
}

func total(t *testing.T, db *harness.DB) int64 {
	t.Helper()
	return db.Int(t, `SELECT COALESCE(SUM(balance_cents), 0) FROM wallets`)
}

func TestOppositeTransfersDoNotDeadlock(t *testing.T) {
	db, l := openLedger(t, map[string]int64{"alice": 100_000, "bob": 100_000})
	// A pause after each SELECT keeps the first lock held while the opposite
	// transfer takes its own first lock.
	db.SetReadDelay(10 * time.Millisecond)
	var o outcomes
	harness.Within(t, 15*time.Second, "8 transfers alice->bob running at the same time as 8 bob->alice", func() {
		harness.Concurrently(16, func(i int) {
			from, to := "alice", "bob"
			if i%2 == 1 {
				from, to = to, from
			}
			o.add(l.Transfer(context.Background(), from, to, int64(1+i)))
		})
	})
	db.SetReadDelay(0)
	o.check(t, "alice and bob paying each other at the same time")
	// Every transfer succeeded: alice sent 1+3+...+15 and received 2+4+...+16.
	a := db.Int(t, `SELECT balance_cents FROM wallets WHERE id = 'alice'`)
	b := db.Int(t, `SELECT balance_cents FROM wallets WHERE id = 'bob'`)
	if a != 100_008 || b != 99_992 {
		t.Fatalf("after 8 payments each way: alice %d, bob %d, want 100008 and 99992", a, b)
	}
}

func TestConcurrentTransfersConserveMoney(t *testing.T) {
	ids := []string{"w1", "w2", "w3", "w4"}
	db, l := openLedger(t, map[string]int64{"w1": 500, "w2": 500, "w3": 500, "w4": 500})
	db.SetReadDelay(5 * time.Millisecond)
	var o outcomes
	harness.Within(t, 15*time.Second, "16 goroutines transferring between 4 wallets in every direction", func() {
		harness.Concurrently(16, func(i int) {
			for k := range 3 {
				from, to := ids[(i+k)%4], ids[(i+k+1+i%3)%4]
				o.add(l.Transfer(context.Background(), from, to, int64(50+(i*k)%200)))
			}
		})
	})
	db.SetReadDelay(0)
	o.check(t, "transfers between 4 wallets in every direction")
	if n := db.Int(t, `SELECT COUNT(*) FROM wallets WHERE balance_cents < 0`); n > 0 {
		t.Fatalf("%d wallets have a negative balance after concurrent transfers", n)
	}
	if got := total(t, db); got != 2000 {
		t.Fatalf("the 4 wallets hold %d cents after concurrent transfers, want 2000: money was created or destroyed (a transfer overwrote a balance another one had just changed)", got)
	}
}

func TestTransferMovesMoney(t *testing.T) {
	db, l := openLedger(t, map[string]int64{"alice": 100, "bob": 20})
	ctx := context.Background()
	check := func(wantA, wantB int64) {
		t.Helper()
		a, errA := l.Balance(ctx, "alice")
		b, errB := l.Balance(ctx, "bob")
		if errA != nil || errB != nil || a != wantA || b != wantB {
			t.Fatalf("Balance: alice %d (%v), bob %d (%v), want %d and %d", a, errA, b, errB, wantA, wantB)
		}
	}
	if err := l.Transfer(ctx, "alice", "bob", 30); err != nil {
		t.Fatalf("Transfer alice->bob 30: %v", err)
	}
	check(70, 50)
	if err := l.Transfer(ctx, "bob", "alice", 50); err != nil {
		t.Fatalf("Transfer bob->alice 50 (the whole balance): %v", err)
	}
	check(120, 0)
	if err := l.Transfer(ctx, "bob", "alice", 1); !errors.Is(err, ErrInsufficientFunds) {
		t.Fatalf("Transfer from an empty wallet = %v, want ErrInsufficientFunds", err)
	}
	check(120, 0)
	for _, tc := range []struct {
		from, to string
		amount   int64
		want     error
	}{
		{"alice", "alice", 1, ErrSameAccount},
		{"alice", "carol", 1, ErrNoAccount},
		{"carol", "bob", 1, ErrNoAccount},
		{"bob", "alice", -40, ErrInvalidAmount},
		{"alice", "bob", 0, ErrInvalidAmount},
	} {
		var err error
		harness.Within(t, 2*time.Second, fmt.Sprintf("Transfer(%q, %q, %d)", tc.from, tc.to, tc.amount), func() {
			err = l.Transfer(ctx, tc.from, tc.to, tc.amount)
		})
		if !errors.Is(err, tc.want) {
			t.Fatalf("Transfer(%q, %q, %d) = %v, want %v", tc.from, tc.to, tc.amount, err, tc.want)
		}
	}
	check(120, 0)
	if _, err := l.Balance(ctx, "carol"); !errors.Is(err, ErrNoAccount) {
		t.Fatalf("Balance of an unknown wallet = %v, want ErrNoAccount", err)
	}
	db.AssertNoLeakedConns(t)
}

// The payments API runs as several replicas: whatever orders the locks
// must hold across processes, as the database's row locks do.
func TestReplicasPayingEachOtherDoNotDeadlock(t *testing.T) {
	db, _ := openLedger(t, map[string]int64{"alice": 100_000, "bob": 100_000})
	db.SetReadDelay(10 * time.Millisecond)
	reports := harness.Replicas(t, db, 2, "TestReplicaSplitBill", nil)
	db.SetReadDelay(0)
	var bad []string
	ok := 0
	for _, lines := range reports {
		for _, line := range lines {
			if line == "ok" {
				ok++
			} else {
				bad = append(bad, line)
			}
		}
	}
	if len(bad) > 0 {
		sort.Strings(bad)
		t.Fatalf("two replicas, one paying alice->bob and the other bob->alice: %d of 16 transfers failed (first: %s); want all to succeed: a lock in one process's memory does not order the row locks another replica takes", len(bad), bad[0])
	}
	if got := total(t, db); ok != 16 || got != 200_000 {
		t.Fatalf("two replicas: %d of 16 transfers succeeded and the wallets hold %d, want 32 and 200000", ok, got)
	}
}

// TestReplicaSplitBill is one replica's half of
// TestReplicasPayingEachOtherDoNotDeadlock: replica 0 pays alice->bob,
// replica 1 bob->alice, 8 transfers at once. On its own it does nothing.
func TestReplicaSplitBill(t *testing.T) {
	r := harness.AsReplica(t)
	if r == nil {
		return
	}
	db := r.DB(t)
	l := NewLedger(db.DB)
	from, to := "alice", "bob"
	if r.Index() == 1 {
		from, to = to, from
	}
	harness.Concurrently(8, func(i int) {
		if err := l.Transfer(context.Background(), from, to, int64(1+i)); err != nil {
			r.Report(strings.TrimSpace(err.Error()))
			return
		}
		r.Report("ok")
	})
}
