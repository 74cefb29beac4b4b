package webhook

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"drill.workspace/harness"
)

func setup(t *testing.T) (*harness.DB, *harness.Server) {
	t.Helper()
	// PostgreSQL at READ COMMITTED, as production runs.
	db := harness.OpenDB(t, Schema, harness.Postgres())
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
	return db.Int(t, `SELECT balance_cents FROM accounts WHERE id = $1`, account)
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
	if resp.StatusCode/100 != 4 {
		t.Fatalf("malformed event: status %d, want a 4xx (400 or 422): the provider must not retry a payload we can never parse", resp.StatusCode)
	}
	// A succeeded payment right after still applies.
	mustAck(t, srv, Event{ID: "evt_4005", Type: "payment.succeeded", AccountID: 1, AmountCents: 900})
	if got := balance(t, db, 1); got != 900 {
		t.Fatalf("balance after a payment.succeeded event = %d, want 900", got)
	}
}

// A delivery whose credit fails must leave no trace: the provider retries it
// later, and that retry has to credit the wallet.
func TestFailedCreditIsAppliedOnRetry(t *testing.T) {
	db, srv := setup(t)
	ev := Event{ID: "evt_5005", Type: "payment.succeeded", AccountID: 1, AmountCents: 4200}
	body, _ := json.Marshal(ev)

	db.FailStatements("update accounts") // the credit fails (a lock timeout, a deploy)
	resp, err := http.Post(srv.URL+"/webhooks/payments", "application/json", strings.NewReader(string(body)))
	if err != nil {
		t.Fatalf("delivering %s: %v", ev.ID, err)
	}
	resp.Body.Close()
	db.FailStatements("")
	if resp.StatusCode/100 == 2 {
		t.Fatalf("delivery of %s while crediting the wallet failed (%v): status %d, want 5xx so the provider retries", ev.ID, harness.ErrInjectedStatement, resp.StatusCode)
	}
	if got := balance(t, db, 1); got != 0 {
		t.Fatalf("balance after a delivery whose credit failed = %d, want 0", got)
	}
	if n := db.Int(t, `SELECT COUNT(*) FROM ledger WHERE event_id = 'evt_5005'`); n != 0 {
		t.Fatalf("%d ledger entries for evt_5005 after its credit failed, want 0: the credit must be all-or-nothing", n)
	}

	mustAck(t, srv, ev) // the provider's retry, once the database is healthy
	if got := balance(t, db, 1); got != 4200 {
		t.Fatalf("balance after the provider retried a delivery whose credit had failed = %d, want 4200: the event was recorded as processed although its credit was never committed, so the retry was acknowledged and the money never arrived. Record the event in the same transaction as the credit", got)
	}
}

// The webhook runs on several replicas and a retry lands on any of them:
// whatever decides that an event was already applied must hold across
// processes, as the database does.
func TestReplicasCreditOnce(t *testing.T) {
	db, _ := setup(t)
	// A long pause after each SELECT: the two processes start a few
	// milliseconds apart, and a check-then-insert must still overlap.
	db.SetReadDelay(100 * time.Millisecond)
	reports := harness.Replicas(t, db, 2, "TestReplicaDeliveries", map[string]string{"event": "evt_6006"})
	db.SetReadDelay(0)
	for _, lines := range reports {
		for _, line := range lines {
			if line != "200" {
				t.Fatalf("a delivery of evt_6006 to one of two replicas ended with %s, want 200 (after the provider's retries)", line)
			}
		}
	}
	if got := balance(t, db, 2); got != 1700 {
		t.Fatalf("two replicas each received 16 simultaneous deliveries of one 700-cent top-up: balance %d, want 1700 (credited %d times). A lock or map in one process's memory does not see the other replica's deliveries; let a unique key on the event id decide, inside the credit transaction",
			got, (got-1000)/700)
	}
}

// TestReplicaDeliveries is one replica's half of TestReplicasCreditOnce: its
// own handler and server, 16 deliveries of the same event at once.
func TestReplicaDeliveries(t *testing.T) {
	r := harness.AsReplica(t)
	if r == nil {
		return
	}
	db := r.DB(t)
	srv := harness.NewServer(t, &Handler{DB: db.DB})
	ev := Event{ID: r.Arg("event"), Type: "payment.succeeded", AccountID: 2, AmountCents: 700}
	harness.Concurrently(16, func(int) {
		status, err := deliver(srv, ev)
		if err != nil {
			r.Report(err.Error())
			return
		}
		r.Report(strconv.Itoa(status))
	})
}
