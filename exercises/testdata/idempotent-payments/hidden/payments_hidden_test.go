package payments

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"drill.workspace/harness"
)

// fakeGateway is the card processor: each call takes delay, the first
// failFirst calls fail, and every successful charge is recorded.
type fakeGateway struct {
	delay     time.Duration
	failFirst int64
	calls     atomic.Int64
	mu        sync.Mutex
	charged   []string
}

func (g *fakeGateway) Charge(ctx context.Context, customerID, amountCents int64) (string, error) {
	n := g.calls.Add(1)
	select {
	case <-time.After(g.delay):
	case <-ctx.Done():
		return "", ctx.Err()
	}
	if n <= g.failFirst {
		return "", errors.New("card processor unavailable")
	}
	id := fmt.Sprintf("ch_%d_%d_%d", customerID, amountCents, n)
	g.mu.Lock()
	g.charged = append(g.charged, id)
	g.mu.Unlock()
	return id, nil
}

func (g *fakeGateway) charges() int {
	g.mu.Lock()
	defer g.mu.Unlock()
	return len(g.charged)
}

func setup(t *testing.T, g *fakeGateway) *harness.Server {
	t.Helper()
	db := harness.OpenDB(t, Schema, harness.Postgres())
	return harness.NewServer(t, &Handler{DB: db.DB, Gateway: g})
}

func pay(srv *harness.Server, key string, customer, amount int64) (int, Payment, error) {
	req, _ := http.NewRequest(http.MethodPost, srv.URL+"/payments",
		strings.NewReader(fmt.Sprintf(`{"customer_id":%d,"amount_cents":%d}`, customer, amount)))
	req.Header.Set("Content-Type", "application/json")
	if key != "" {
		req.Header.Set("Idempotency-Key", key)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return 0, Payment{}, err
	}
	defer resp.Body.Close()
	var p Payment
	if resp.StatusCode/100 == 2 {
		if err := json.NewDecoder(resp.Body).Decode(&p); err != nil {
			return resp.StatusCode, p, fmt.Errorf("decoding the payment: %w", err)
		}
	}
	return resp.StatusCode, p, nil
}

func mustPay(t *testing.T, srv *harness.Server, key string, customer, amount int64) (int, Payment) {
	t.Helper()
	status, p, err := pay(srv, key, customer, amount)
	if err != nil {
		t.Fatalf("POST /payments (key %s): %v", key, err)
	}
	if status/100 != 2 {
		t.Fatalf("POST /payments (key %s): status %d, want 2xx", key, status)
	}
	if p.ID == 0 || p.ChargeID == "" {
		t.Fatalf("POST /payments (key %s) answered %+v: want the payment id and charge id", key, p)
	}
	return status, p
}

func TestRetryReturnsOriginalPayment(t *testing.T) {
	g := &fakeGateway{delay: 5 * time.Millisecond}
	srv := setup(t, g)

	status, first := mustPay(t, srv, "key-1", 42, 1999)
	if status != http.StatusCreated {
		t.Fatalf("first POST /payments: status %d, want 201", status)
	}
	_, again := mustPay(t, srv, "key-1", 42, 1999)
	if again != first {
		t.Fatalf("a retry with the same Idempotency-Key answered %+v, want the original payment %+v", again, first)
	}
	if n := g.charges(); n != 1 {
		t.Fatalf("the card was charged %d times for one payment retried once, want 1", n)
	}
}

func TestConcurrentRetriesChargeOnce(t *testing.T) {
	g := &fakeGateway{delay: 250 * time.Millisecond}
	srv := setup(t, g)

	type result struct {
		status int
		p      Payment
		err    error
	}
	res := make([]result, 32)
	harness.Concurrently(32, func(i int) {
		res[i].status, res[i].p, res[i].err = pay(srv, "key-race", 7, 5000)
	})

	if n := g.charges(); n != 1 {
		t.Fatalf("32 simultaneous requests with the same Idempotency-Key charged the card %d times, want 1: each looked the key up, found nothing (the first charge was still in flight) and charged. Claim the key atomically before charging (INSERT ... ON CONFLICT DO NOTHING and check that this request inserted it); the losers replay the stored payment, or answer 409 while it is in flight", n)
	}
	var winner Payment
	for i, r := range res {
		if r.err != nil {
			t.Fatalf("request %d: %v", i, r.err)
		}
		switch {
		case r.status/100 == 2:
			if winner.ID == 0 {
				winner = r.p
			}
			if r.p != winner {
				t.Fatalf("two successful answers for one Idempotency-Key carry different payments: %+v and %+v", winner, r.p)
			}
		case r.status == http.StatusConflict, r.status == http.StatusTooManyRequests, r.status == http.StatusServiceUnavailable:
			// "in progress, retry later" is a fair answer while the first request charges
		default:
			t.Fatalf("request %d: status %d, want 2xx, or 409 while the first request is in flight", i, r.status)
		}
	}
	if winner.ID == 0 {
		t.Fatalf("none of the 32 requests succeeded")
	}
	// The client retries once everything settled: it gets the same payment.
	if _, p := mustPay(t, srv, "key-race", 7, 5000); p != winner {
		t.Fatalf("a retry after the race answered %+v, want the original payment %+v", p, winner)
	}
	if n := g.charges(); n != 1 {
		t.Fatalf("the card was charged %d times in total, want 1", n)
	}
}

func TestFailedChargeCanBeRetried(t *testing.T) {
	g := &fakeGateway{delay: 5 * time.Millisecond, failFirst: 1}
	srv := setup(t, g)

	status, _, err := pay(srv, "key-flaky", 3, 1200)
	if err != nil || status != http.StatusBadGateway {
		t.Fatalf("POST /payments while the card processor fails: status %d (%v), want 502", status, err)
	}
	status, p := mustPay(t, srv, "key-flaky", 3, 1200)
	if status != http.StatusCreated {
		t.Fatalf("retrying a failed payment with the same Idempotency-Key: status %d, want 201: a failed charge must not use up the key", status)
	}
	if n := g.charges(); n != 1 {
		t.Fatalf("the card was charged %d times, want 1 (payment %+v)", n, p)
	}
}

func TestDistinctKeysAreDistinctPayments(t *testing.T) {
	g := &fakeGateway{delay: 20 * time.Millisecond}
	srv := setup(t, g)

	ids := make([]int64, 8)
	errs := make([]error, 8)
	harness.Concurrently(8, func(i int) {
		status, p, err := pay(srv, fmt.Sprintf("key-%d", i), int64(i), 100)
		if err == nil && status != http.StatusCreated {
			err = fmt.Errorf("status %d, want 201", status)
		}
		ids[i], errs[i] = p.ID, err
	})
	seen := map[int64]bool{}
	for i := range ids {
		if errs[i] != nil {
			t.Fatalf("payment %d: %v", i, errs[i])
		}
		if seen[ids[i]] {
			t.Fatalf("two different Idempotency-Keys got the same payment id %d", ids[i])
		}
		seen[ids[i]] = true
	}
	if n := g.charges(); n != 8 {
		t.Fatalf("8 payments with different keys made %d charges, want 8", n)
	}
}

func TestPaymentWithoutKeyRejected(t *testing.T) {
	g := &fakeGateway{}
	srv := setup(t, g)
	if status, _, err := pay(srv, "", 1, 100); err != nil || status != http.StatusBadRequest {
		t.Fatalf("POST /payments without an Idempotency-Key: status %d (%v), want 400", status, err)
	}
	if n := g.calls.Load(); n != 0 {
		t.Fatalf("the gateway was called %d times for a rejected request", n)
	}
}

// The payments API runs on several replicas and a retry lands on any of
// them: whatever claims a key must hold across processes, as the database's
// unique index does.
func TestReplicasChargeOnce(t *testing.T) {
	db := harness.OpenDB(t, Schema, harness.Postgres())
	reports := harness.Replicas(t, db, 2, "TestReplicaRetries", map[string]string{"key": "key-replicas"})
	charges := 0
	winner := ""
	for i, lines := range reports {
		for _, line := range lines {
			f := strings.Fields(line)
			switch {
			case f[0] == "charged":
				charges++
			case f[0] == "2xx":
				if winner == "" {
					winner = line
				}
				if line != winner {
					t.Fatalf("two successful answers on two replicas for one Idempotency-Key carry different payments: %q and %q", winner, line)
				}
			case f[0] == "409", f[0] == "429", f[0] == "503":
			default:
				t.Fatalf("a request on replica %d of 2 ended with %q, want 2xx, or 409 while the first request is in flight", i+1, line)
			}
		}
	}
	if charges != 1 {
		t.Fatalf("two replicas each received 16 simultaneous requests with the same Idempotency-Key: the card was charged %d times, want 1. State kept in one process's memory does not see the other replica's requests: claim the key in the database (a unique index decides) before charging", charges)
	}
	if winner == "" {
		t.Fatalf("none of the 32 requests on two replicas succeeded")
	}
}

// TestReplicaRetries is one replica's half of TestReplicasChargeOnce: its
// own handler, card processor and server, 16 requests with one key at once.
func TestReplicaRetries(t *testing.T) {
	r := harness.AsReplica(t)
	if r == nil {
		return
	}
	db := r.DB(t)
	g := &fakeGateway{delay: 250 * time.Millisecond}
	srv := harness.NewServer(t, &Handler{DB: db.DB, Gateway: g})
	harness.Concurrently(16, func(int) {
		status, p, err := pay(srv, r.Arg("key"), 7, 5000)
		switch {
		case err != nil:
			r.Report("error " + err.Error())
		case status/100 == 2:
			r.Report(fmt.Sprintf("2xx payment %d charge %s", p.ID, p.ChargeID))
		default:
			r.Report(fmt.Sprint(status))
		}
	})
	g.mu.Lock()
	defer g.mu.Unlock()
	for _, id := range g.charged {
		r.Report("charged " + id)
	}
}
