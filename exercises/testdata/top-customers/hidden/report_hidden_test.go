package report

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"reflect"
	"testing"
	"time"

	"drill.workspace/harness"
)

const schema = `
CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT NOT NULL);
CREATE TABLE orders (
	id INTEGER PRIMARY KEY,
	customer_id INTEGER NOT NULL REFERENCES customers(id),
	total_cents INTEGER NOT NULL,
	created_at INTEGER NOT NULL -- unix seconds
);`

const day = 24 * 60 * 60

// seed stores 14 customers. Customer k spends 1000*k cents 3 days ago and
// 50000 cents 200 days ago (outside the default window) when k is even.
// Customers 13 and 14 tie with customers 6 and 7 over the last 90 days
// (ties are ordered by name).
func seed(t *testing.T, db *harness.DB) {
	t.Helper()
	now := time.Now().Unix()
	for k := 1; k <= 14; k++ {
		db.MustExec(t, `INSERT INTO customers (id, name) VALUES (?, ?)`, k, fmt.Sprintf("cust-%02d", k))
		recent := int64(1000 * k)
		if k == 13 {
			recent = 6000
		}
		if k == 14 {
			recent = 7000
		}
		db.MustExec(t, `INSERT INTO orders (customer_id, total_cents, created_at) VALUES (?, ?, ?), (?, ?, ?)`,
			k, recent/2, now-3*day, k, recent-recent/2, now-30*day)
		if k%2 == 0 {
			db.MustExec(t, `INSERT INTO orders (customer_id, total_cents, created_at) VALUES (?, 50000, ?)`, k, now-200*day)
		}
	}
	// Only customer 1 bought this week.
	db.MustExec(t, `INSERT INTO orders (customer_id, total_cents, created_at) VALUES (1, 777, ?)`, now-60)
}

func getReport(t *testing.T, srv *harness.Server, query string) (int, []CustomerRevenue) {
	t.Helper()
	resp, err := http.Get(srv.URL + "/reports/top-customers" + query)
	if err != nil {
		t.Fatalf("GET /reports/top-customers%s: %v", query, err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return resp.StatusCode, nil
	}
	var out []CustomerRevenue
	if err := json.NewDecoder(resp.Body).Decode(&out); err != nil {
		t.Fatalf("decoding the report: %v", err)
	}
	return resp.StatusCode, out
}

func TestReportStopsWhenTheClientGivesUp(t *testing.T) {
	db := harness.OpenDB(t, schema)
	seed(t, db)
	db.SetReadDelay(3 * time.Second) // the end-of-quarter report query

	returned := make(chan struct{}, 1)
	h := &TopCustomers{DB: db.DB}
	srv := harness.NewServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h.ServeHTTP(w, r)
		returned <- struct{}{}
	}))

	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, srv.URL+"/reports/top-customers", nil)
	resp, err := http.DefaultClient.Do(req)
	if err == nil {
		resp.Body.Close()
		t.Fatalf("the report answered within 200ms although its query takes 3s: the query is not made (or not waited for)")
	}

	select {
	case <-returned:
	case <-time.After(time.Second):
		t.Fatalf("the handler was still running its report query 1s after the client went away: the query's context does not carry the request's cancellation (it comes from context.Background(), context.WithoutCancel, ...). Every closed tab or load-balancer timeout leaves a query running and a pooled connection checked out for up to 30s; derive the timeout from r.Context()")
	}
	// The handler has returned; the query must have stopped with it, not
	// carry on in the background.
	deadline := time.Now().Add(500 * time.Millisecond)
	for db.Stats().InUse > 0 {
		if time.Now().After(deadline) {
			t.Fatalf("the handler returned after the client went away, but its report query was still running and holding a pooled connection 500ms later: the query's context does not carry the request's cancellation. Run the query on a context derived from r.Context(), not on one the handler merely stops waiting for")
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func TestReportTopCustomers(t *testing.T) {
	db := harness.OpenDB(t, schema)
	seed(t, db)
	srv := harness.NewServer(t, &TopCustomers{DB: db.DB})

	code, got := getReport(t, srv, "")
	if code != http.StatusOK {
		t.Fatalf("GET /reports/top-customers: status %d, want 200", code)
	}
	want := []CustomerRevenue{
		{"cust-12", 12000}, {"cust-11", 11000}, {"cust-10", 10000}, {"cust-09", 9000},
		{"cust-08", 8000}, {"cust-07", 7000}, {"cust-14", 7000}, {"cust-06", 6000},
		{"cust-13", 6000}, {"cust-05", 5000},
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("top customers over 90 days =\n  %v\nwant\n  %v", got, want)
	}

	code, got = getReport(t, srv, "?days=7")
	if code != http.StatusOK {
		t.Fatalf("GET /reports/top-customers?days=7: status %d, want 200", code)
	}
	want = []CustomerRevenue{
		{"cust-12", 6000}, {"cust-11", 5500}, {"cust-10", 5000}, {"cust-09", 4500},
		{"cust-08", 4000}, {"cust-07", 3500}, {"cust-14", 3500}, {"cust-06", 3000},
		{"cust-13", 3000}, {"cust-05", 2500},
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("top customers over 7 days =\n  %v\nwant\n  %v", got, want)
	}
	db.AssertNoLeakedConns(t)
}

func TestReportRejectsBadWindow(t *testing.T) {
	db := harness.OpenDB(t, schema)
	srv := harness.NewServer(t, &TopCustomers{DB: db.DB})
	for _, q := range []string{"?days=0", "?days=abc", "?days=400"} {
		if code, _ := getReport(t, srv, q); code != http.StatusBadRequest {
			t.Fatalf("GET /reports/top-customers%s: status %d, want 400", q, code)
		}
	}
}
