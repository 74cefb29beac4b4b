package account

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"sync"
	"testing"
	"time"

	"drill.workspace/harness"
)

const schema = `CREATE TABLE customers(id INTEGER PRIMARY KEY, name TEXT NOT NULL);
CREATE TABLE orders(
	id INTEGER PRIMARY KEY,
	customer_id INTEGER NOT NULL REFERENCES customers(id),
	total_cents INTEGER NOT NULL
);`

const customers = 8

// setup creates customers 1..8 named "customer-N", each with three orders
// numbered N*100+1.. N*100+3, and serves a SummaryHandler over loopback.
func setup(t *testing.T) (*harness.DB, *harness.Server) {
	t.Helper()
	db := harness.OpenDB(t, schema)
	db.MustExec(t, `WITH RECURSIVE n(c) AS (SELECT 1 UNION ALL SELECT c + 1 FROM n WHERE c < ?)
		INSERT INTO customers(id, name) SELECT c, 'customer-' || c FROM n`, customers)
	db.MustExec(t, `INSERT INTO orders(id, customer_id, total_cents)
		SELECT c.id * 100 + k.k, c.id, c.id * 1000 + k.k FROM customers c, (SELECT 1 AS k UNION ALL SELECT 2 UNION ALL SELECT 3) k`)
	return db, harness.NewServer(t, NewSummaryHandler(db.DB))
}

func get(t testing.TB, client *http.Client, url string, customer string) (int, Summary, error) {
	req, err := http.NewRequest(http.MethodGet, url+"/account/summary", nil)
	if err != nil {
		return 0, Summary{}, err
	}
	if customer != "" {
		req.Header.Set("X-Customer-ID", customer)
	}
	resp, err := client.Do(req)
	if err != nil {
		return 0, Summary{}, err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil || resp.StatusCode != http.StatusOK {
		return resp.StatusCode, Summary{}, err
	}
	var s Summary
	if err := json.Unmarshal(body, &s); err != nil {
		return resp.StatusCode, Summary{}, fmt.Errorf("decoding %q: %v", body, err)
	}
	return resp.StatusCode, s, nil
}

// leak describes what is wrong with customer c's summary, or returns "".
func leak(c int, s Summary) string {
	if s.CustomerID != int64(c) || s.Name != fmt.Sprintf("customer-%d", c) {
		return fmt.Sprintf("customer %d got the account of customer %d (%q)", c, s.CustomerID, s.Name)
	}
	if len(s.Orders) != 3 {
		return fmt.Sprintf("customer %d got %d orders, has 3", c, len(s.Orders))
	}
	for _, o := range s.Orders {
		if o.ID/100 != int64(c) {
			return fmt.Sprintf("customer %d was shown order %d of customer %d", c, o.ID, o.ID/100)
		}
	}
	return ""
}

func TestConcurrentCustomersSeeOnlyTheirOwnOrders(t *testing.T) {
	db, srv := setup(t)
	db.SetReadDelay(5 * time.Millisecond) // a realistic round trip between the two queries
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 64}}
	defer client.CloseIdleConnections()

	var mu sync.Mutex
	var problems []string
	harness.Concurrently(32, func(i int) {
		c := i%customers + 1
		status, s, err := get(t, client, srv.URL, strconv.Itoa(c))
		problem := ""
		switch {
		case err != nil || status != http.StatusOK:
			problem = fmt.Sprintf("customer %d: status %d, error %v", c, status, err)
		default:
			problem = leak(c, s)
		}
		if problem != "" {
			mu.Lock()
			problems = append(problems, problem)
			mu.Unlock()
		}
	})
	if len(problems) > 0 {
		t.Fatalf("%d of 32 concurrent account pages were wrong, first: %s. Requests share the handler, so one request's customer id was overwritten by another's: a data leak between customers", len(problems), problems[0])
	}
}

func TestSummaryOfOneCustomer(t *testing.T) {
	db, srv := setup(t)
	db.MustExec(t, `WITH RECURSIVE k(k) AS (SELECT 4 UNION ALL SELECT k + 1 FROM k WHERE k < 12)
		INSERT INTO orders(id, customer_id, total_cents) SELECT 300 + k, 3, 3000 + k FROM k`)
	status, s, err := get(t, http.DefaultClient, srv.URL, "3")
	if err != nil || status != http.StatusOK {
		t.Fatalf("GET summary: status %d, %v", status, err)
	}
	if s.CustomerID != 3 || s.Name != "customer-3" {
		t.Fatalf("summary is for %d %q, want 3 \"customer-3\"", s.CustomerID, s.Name)
	}
	if len(s.Orders) != 10 {
		t.Fatalf("summary lists %d orders, want the 10 most recent", len(s.Orders))
	}
	for i, o := range s.Orders {
		if want := int64(312 - i); o.ID != want || o.TotalCents != 3000+want-300 {
			t.Fatalf("order %d is %+v, want id %d (newest first) with total %d", i, o, want, 3000+want-300)
		}
	}
}

func TestCustomerWithoutOrders(t *testing.T) {
	db, srv := setup(t)
	db.MustExec(t, `INSERT INTO customers(id, name) VALUES (42, 'new-customer')`)
	status, s, err := get(t, http.DefaultClient, srv.URL, "42")
	if err != nil || status != http.StatusOK {
		t.Fatalf("GET summary: status %d, %v", status, err)
	}
	if s.CustomerID != 42 || s.Name != "new-customer" || len(s.Orders) != 0 {
		t.Fatalf("summary = %+v, want customer 42 with no orders", s)
	}
}

func TestUnauthenticatedRequestsAreRejected(t *testing.T) {
	_, srv := setup(t)
	for _, id := range []string{"", "abc", "0", "-3"} {
		status, _, err := get(t, http.DefaultClient, srv.URL, id)
		if err != nil {
			t.Fatal(err)
		}
		if status != http.StatusUnauthorized {
			t.Errorf("X-Customer-ID %q: status %d, want 401", id, status)
		}
	}
}
