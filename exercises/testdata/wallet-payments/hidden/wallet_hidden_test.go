package wallet

import (
	"errors"
	"fmt"
	"runtime"
	"sync/atomic"
	"testing"
	"time"

	"drill.workspace/harness"
)

// parallel makes sure goroutines really run at the same time, even in a
// container limited to one CPU.
func parallel(t *testing.T) {
	prev := runtime.GOMAXPROCS(4)
	t.Cleanup(func() { runtime.GOMAXPROCS(prev) })
}

func TestOppositeTransfersDoNotDeadlock(t *testing.T) {
	parallel(t)
	l := NewLedger(map[string]int64{"alice": 1_000_000, "bob": 1_000_000})

	harness.Within(t, 2*time.Second, "16 goroutines paying alice->bob while 16 pay bob->alice", func() {
		harness.Concurrently(32, func(i int) {
			for range 200 {
				if i%2 == 0 {
					l.Transfer("alice", "bob", 1)
				} else {
					l.Transfer("bob", "alice", 1)
				}
			}
		})
	})
	a, _ := l.Balance("alice")
	b, _ := l.Balance("bob")
	if a+b != 2_000_000 {
		t.Fatalf("alice %d + bob %d = %d after transfers between them, want 2000000: money was created or lost", a, b, a+b)
	}
}

func TestConcurrentTransfersConserveMoney(t *testing.T) {
	parallel(t)
	ids := []string{"w1", "w2", "w3", "w4"}
	l := NewLedger(map[string]int64{"w1": 500, "w2": 500, "w3": 500, "w4": 500})

	var refused, other atomic.Int64
	harness.Within(t, 2*time.Second, "32 goroutines transferring between 4 wallets in every direction", func() {
		harness.Concurrently(32, func(i int) {
			for k := range 100 {
				from, to := ids[(i+k)%4], ids[(i+k+1+i%3)%4]
				switch err := l.Transfer(from, to, int64(1+(i*k)%40)); {
				case err == nil:
				case errors.Is(err, ErrInsufficientFunds):
					refused.Add(1)
				default:
					other.Add(1)
				}
			}
		})
	})
	if other.Load() > 0 {
		t.Fatalf("%d transfers failed with an error other than ErrInsufficientFunds", other.Load())
	}
	var total int64
	for _, id := range ids {
		b, err := l.Balance(id)
		if err != nil {
			t.Fatal(err)
		}
		if b < 0 {
			t.Fatalf("wallet %s has a negative balance %d", id, b)
		}
		total += b
	}
	if total != 2000 {
		t.Fatalf("the 4 wallets hold %d cents after concurrent transfers, want 2000", total)
	}
}

func TestTransferMovesMoney(t *testing.T) {
	l := NewLedger(map[string]int64{"alice": 100, "bob": 20})
	check := func(wantA, wantB int64) {
		t.Helper()
		a, _ := l.Balance("alice")
		b, _ := l.Balance("bob")
		if a != wantA || b != wantB {
			t.Fatalf("balances alice %d bob %d, want %d and %d", a, b, wantA, wantB)
		}
	}
	if err := l.Transfer("alice", "bob", 30); err != nil {
		t.Fatalf("Transfer alice->bob 30: %v", err)
	}
	check(70, 50)
	if err := l.Transfer("bob", "alice", 50); err != nil {
		t.Fatalf("Transfer bob->alice 50: %v", err)
	}
	check(120, 0)
	if err := l.Transfer("bob", "alice", 1); !errors.Is(err, ErrInsufficientFunds) {
		t.Fatalf("Transfer from an empty wallet = %v, want ErrInsufficientFunds", err)
	}
	check(120, 0)
	for _, tc := range []struct {
		from, to string
		want     error
	}{{"alice", "alice", ErrSameAccount}, {"alice", "carol", ErrNoAccount}, {"carol", "bob", ErrNoAccount}} {
		var err error
		harness.Within(t, time.Second, fmt.Sprintf("Transfer(%q, %q)", tc.from, tc.to), func() {
			err = l.Transfer(tc.from, tc.to, 1)
		})
		if !errors.Is(err, tc.want) {
			t.Fatalf("Transfer(%q, %q) = %v, want %v", tc.from, tc.to, err, tc.want)
		}
	}
	check(120, 0)
}
