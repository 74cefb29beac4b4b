package webhook

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"drill.workspace/harness"
)

func setup(t *testing.T) (*harness.DB, *harness.Server) {
	t.Helper()
	// A small pool, as in production: writers queue in Go instead of spinning
	// on SQLite's file lock.
	db := harness.OpenDB(t, Schema, harness.MaxOpenConns(4))
	db.MustExec(t, `INSERT INTO accounts (id, balance_cents) VALUES (1, 0), (2, 1000)`)
	srv := harness.NewServer(t, &Handler{DB: db.DB})
	return db, srv
}

// deliver posts ev the way the provider does: it retries (up to 20 times)
// until it gets a 2xx, and returns the last status it saw.
func deliver(srv *harness.Server, ev Event) (int, error) {
	body, _ := json.Marshal(ev)
	status := 0
	for try := 0; try < 20; try++ {
		resp, err := http.Post(srv.URL+"/webhooks/payments", "application/json", strings.NewReader(string(body)))
		if err != nil {
			return 0, err
		}
		resp.Body.Close()
		status = resp.StatusCode
		if status >= 200 && status < 300 {
			return status, nil
		}
		if status != http.StatusInternalServerError && status != http.StatusServiceUnavailable && status != http.StatusConflict {
			return status, nil
		}
		time.Sleep(10 * time.Millisecond)
	}
	return status, nil
}

func mustAck(t *testing.T, srv *harness.Server, ev Event) {
	t.Helper()
	status, err := deliver(srv, ev)
	if err != nil {
		t.Fatalf("delivering %s: %v", ev.ID, err)
	}
	if status < 200 || status > 299 {
		t.Fatalf("delivering %s: status %d after retries, want 2xx: the provider keeps retrying (and alerting) until an event is acknowledged, duplicates included", ev.ID, status)
	}
}

func balance(t *testing.T, db *harness.DB, account int) int64 {
	t.Helper()
	return db.Int(t, `SELECT balance_cents FROM accounts WHERE id = ?`, account)
}

func TestRedeliveredEventCreditedOnce(t *testing.T) {
	db, srv := setup(t)
	ev := Event{ID: "evt_1001", Type: "payment.succeeded", AccountID: 1, AmountCents: 2500}

	mustAck(t, srv, ev)
	if got := balance(t, db, 1); got != 2500 {
		t.Fatalf("balance after one delivery = %d, want 2500", got)
	}
	mustAck(t, srv, ev) // the provider did not see our 200 in time
	if got := balance(t, db, 1); got != 2500 {
		t.Fatalf("balance after the provider redelivered evt_1001 = %d, want 2500: the same top-up was credited twice. Record processed event ids (a unique key) in the same transaction as the credit and skip events already applied", got)
	}
	if n := db.Int(t, `SELECT COUNT(*) FROM ledger WHERE event_id = 'evt_1001'`); n != 1 {
		t.Fatalf("%d ledger entries for evt_1001, want 1", n)
	}
}

func TestConcurrentDeliveriesCreditOnce(t *testing.T) {
	db, srv := setup(t)
	db.SetReadDelay(20 * time.Millisecond) // widen any check-then-insert window
	ev := Event{ID: "evt_2002", Type: "payment.succeeded", AccountID: 2, AmountCents: 700}

	statuses := make([]int, 32)
	errs := make([]error, 32)
	harness.Concurrently(32, func(i int) { statuses[i], errs[i] = deliver(srv, ev) })
	for i := range statuses {
		if errs[i] != nil {
			t.Fatalf("delivery %d: %v", i, errs[i])
		}
		if statuses[i] < 200 || statuses[i] > 299 {
			t.Fatalf("delivery %d of evt_2002: status %d after retries, want 2xx: every delivery, duplicates included, must eventually be acknowledged", i, statuses[i])
		}
	}
	if got := balance(t, db, 2); got != 1700 {
		t.Fatalf("balance after 32 simultaneous deliveries of one 700-cent top-up = %d, want 1700 (credited %d times). A check (SELECT) before the insert is not enough: concurrent deliveries all pass it. Let a unique key on the event id decide, inside the credit transaction",
			got, (got-1000)/700)
	}
}

func TestDistinctEventsAllApply(t *testing.T) {
	db, srv := setup(t)
	errs := make([]error, 32)
	statuses := make([]int, 32)
	harness.Concurrently(32, func(i int) {
		ev := Event{ID: fmt.Sprintf("evt_%d", 3000+i), Type: "payment.succeeded", AccountID: int64(1 + i%2), AmountCents: int64(100 + i)}
		statuses[i], errs[i] = deliver(srv, ev)
	})
	for i := range statuses {
		if errs[i] != nil || statuses[i] != http.StatusOK {
			t.Fatalf("delivery of evt_%d: status %d, err %v; want 200", 3000+i, statuses[i], errs[i])
		}
	}
	var want1, want2 int64 = 0, 1000
	for i := range 32 {
		if i%2 == 0 {
			want1 += int64(100 + i)
		} else {
			want2 += int64(100 + i)
		}
	}
	if got1, got2 := balance(t, db, 1), balance(t, db, 2); got1 != want1 || got2 != want2 {
		t.Fatalf("balances after 32 different top-ups = %d and %d, want %d and %d: distinct events must each be credited", got1, got2, want1, want2)
	}
}

func TestOtherEventsAcknowledgedNotCredited(t *testing.T) {
	db, srv := setup(t)
	mustAck(t, srv, Event{ID: "evt_4004", Type: "payment.failed", AccountID: 1, AmountCents: 900})
	if got := balance(t, db, 1); got != 0 {
		t.Fatalf("balance after a payment.failed event = %d, want 0", got)
	}
	resp, err := http.Post(srv.URL+"/webhooks/payments", "application/json", strings.NewReader(`{"type":`))
	if err != nil {
		t.Fatalf("posting a malformed event: %v", err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusBadRequest {
		t.Fatalf("malformed event: status %d, want 400", resp.StatusCode)
	}
	// A succeeded payment right after still applies.
	mustAck(t, srv, Event{ID: "evt_4005", Type: "payment.succeeded", AccountID: 1, AmountCents: 900})
	if got := balance(t, db, 1); got != 900 {
		t.Fatalf("balance after a payment.succeeded event = %d, want 900", got)
	}
}
