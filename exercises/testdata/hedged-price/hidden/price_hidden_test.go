package pricing

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"drill.workspace/harness"
)

// replica answers cents (or err) after delay, or gives up early with the
// context's error when the caller cancels.
type replica struct {
	delay time.Duration
	cents int64
	err   error
}

func (r replica) Price(ctx context.Context, sku string) (int64, error) {
	select {
	case <-time.After(r.delay):
	case <-ctx.Done():
		return 0, ctx.Err()
	}
	if r.err != nil {
		return 0, r.err
	}
	return r.cents, nil
}

// stubborn ignores cancellation, like a client library without context support.
type stubborn struct {
	delay time.Duration
	cents int64
}

func (s stubborn) Price(context.Context, string) (int64, error) {
	time.Sleep(s.delay)
	return s.cents, nil
}

func TestLosingReplicasDoNotLeak(t *testing.T) {
	g := harness.TrackGoroutines()
	replicas := []Replica{
		replica{delay: time.Millisecond, cents: 1299},
		replica{delay: 40 * time.Millisecond, cents: 1299},
		stubborn{delay: 60 * time.Millisecond, cents: 1299},
	}
	if got, err := Price(context.Background(), replicas, "sku-1"); err != nil || got != 1299 {
		t.Fatalf("Price = %d, %v; want 1299, nil", got, err)
	}
	// Both losers answer (or are cancelled) within 60ms. Any still alive
	// after that is stuck delivering an answer nobody will read, and every
	// product page render would leave two more behind.
	g.Check(t)
}

func TestFastestAnswerWins(t *testing.T) {
	g := harness.TrackGoroutines()
	replicas := []Replica{
		replica{delay: 300 * time.Millisecond, cents: 1500},
		replica{delay: 0, cents: 1200},
		replica{delay: 300 * time.Millisecond, cents: 1500},
	}
	start := time.Now()
	got, err := Price(context.Background(), replicas, "sku-2")
	elapsed := time.Since(start)
	if err != nil || got != 1200 {
		t.Fatalf("Price = %d, %v; want 1200 (the answer of the replica that replied first), nil", got, err)
	}
	if elapsed > 200*time.Millisecond {
		t.Fatalf("Price took %v although one replica answered at once: it waited for the slow replicas, which is what hedging is meant to avoid", elapsed.Round(time.Millisecond))
	}
	g.Check(t)
}

func TestFailedReplicaDoesNotWin(t *testing.T) {
	g := harness.TrackGoroutines()
	replicas := []Replica{
		replica{delay: 0, err: errors.New("replica 1: connection refused")},
		replica{delay: 20 * time.Millisecond, cents: 999},
		replica{delay: 50 * time.Millisecond, cents: 999},
	}
	if got, err := Price(context.Background(), replicas, "sku-3"); err != nil || got != 999 {
		t.Fatalf("Price = %d, %v; want 999, nil: a replica that fails first must not decide the answer", got, err)
	}
	g.Check(t)
}

func TestAllReplicasFail(t *testing.T) {
	g := harness.TrackGoroutines()
	var replicas []Replica
	for i := range 3 {
		replicas = append(replicas, replica{delay: time.Duration(i) * 5 * time.Millisecond, err: fmt.Errorf("replica %d: overloaded", i)})
	}
	if got, err := Price(context.Background(), replicas, "sku-4"); !errors.Is(err, ErrNoPrice) {
		t.Fatalf("Price with every replica failing = %d, %v; want ErrNoPrice", got, err)
	}
	if _, err := Price(context.Background(), nil, "sku-4"); !errors.Is(err, ErrNoPrice) {
		t.Fatalf("Price with no replicas = %v; want ErrNoPrice", err)
	}
	g.Check(t)
}

func TestCallerCancellation(t *testing.T) {
	g := harness.TrackGoroutines()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
	defer cancel()
	replicas := []Replica{replica{delay: time.Second, cents: 1}, replica{delay: time.Second, cents: 1}}
	var err error
	harness.Within(t, 2*time.Second, "Price after the caller's deadline passed (every replica gave up with the context's error)", func() {
		_, err = Price(ctx, replicas, "sku-5")
	})
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("Price after the caller's deadline = %v; want an error wrapping context.DeadlineExceeded", err)
	}
	g.Check(t)
}
