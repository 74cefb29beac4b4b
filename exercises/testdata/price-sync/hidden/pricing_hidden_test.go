package pricing

import (
	"context"
	"io"
	"net/http"
	"testing"

	"drill.workspace/harness"
)

const schema = `
CREATE TABLE products(sku TEXT PRIMARY KEY, name TEXT NOT NULL, price_cents INTEGER NOT NULL, currency TEXT NOT NULL);
INSERT INTO products(sku, name, price_cents, currency) VALUES
	('KB-101', 'mechanical keyboard', 4999, 'EUR'),
	('GONE-1', 'discontinued mouse', 1999, 'EUR'),
	('BUSY-1', 'usb-c hub', 2999, 'EUR'),
	('RATE-1', 'mouse pad', 999, 'EUR'),
	('HTML-1', 'monitor arm', 8999, 'EUR'),
	('TRUNC-1', 'webcam', 5999, 'EUR');`

// upstream answers like the real pricing service and the proxies in front of it.
var upstream = map[string]struct {
	status int
	ctype  string
	body   string
}{
	"KB-101":  {200, "application/json", `{"sku":"KB-101","price_cents":5499,"currency":"EUR"}`},
	"GONE-1":  {404, "application/json", `{"error":"sku not found","code":"not_found"}`},
	"BUSY-1":  {503, "application/json", `{"error":"pricing engine overloaded, retry later"}`},
	"RATE-1":  {429, "application/json", `{"error":"rate limit exceeded"}`},
	"HTML-1":  {502, "text/html", `<html><body><h1>502 Bad Gateway</h1></body></html>`},
	"TRUNC-1": {200, "application/json", `{"sku":"TRUNC-1","price_cents":`},
}

func setup(t *testing.T) (*Syncer, *harness.DB) {
	t.Helper()
	db := harness.OpenDB(t, schema)
	mux := http.NewServeMux()
	mux.HandleFunc("GET /v1/prices/{sku}", func(w http.ResponseWriter, r *http.Request) {
		u, ok := upstream[r.PathValue("sku")]
		if !ok {
			u = upstream["GONE-1"]
		}
		w.Header().Set("Content-Type", u.ctype)
		w.WriteHeader(u.status)
		io.WriteString(w, u.body)
	})
	srv := harness.NewServer(t, mux)
	return &Syncer{DB: db.DB, Client: srv.Client(), BaseURL: srv.URL}, db
}

func price(t *testing.T, db *harness.DB, sku string) int64 {
	t.Helper()
	return db.Int(t, `SELECT price_cents FROM products WHERE sku = ?`, sku)
}

func TestRefreshPriceStoresNewPrice(t *testing.T) {
	s, db := setup(t)
	if err := s.RefreshPrice(context.Background(), "KB-101"); err != nil {
		t.Fatalf("RefreshPrice(KB-101) with a 200 quote = %v, want success", err)
	}
	if got := price(t, db, "KB-101"); got != 5499 {
		t.Fatalf("KB-101 price = %d after a 200 quote of 5499, want 5499", got)
	}
	if n := db.Int(t, `SELECT COUNT(*) FROM products WHERE currency = 'EUR'`); n != 6 {
		t.Fatalf("%d of 6 products still priced in EUR, want 6", n)
	}
}

func checkUntouched(t *testing.T, s *Syncer, db *harness.DB, sku string, want int64) {
	t.Helper()
	u := upstream[sku]
	err := s.RefreshPrice(context.Background(), sku)
	got := price(t, db, sku)
	cur := db.Int(t, `SELECT COUNT(*) FROM products WHERE sku = ? AND currency = 'EUR'`, sku)
	if err == nil || got != want || cur != 1 {
		t.Fatalf("the pricing service answered %d %s to RefreshPrice(%s); RefreshPrice returned %v and the price is now %d (was %d, currency kept: %v). "+
			"Want an error and the old price kept: an error response decoded into a zero Quote would sell %s for nothing",
			u.status, u.body, sku, err, got, want, cur == 1, sku)
	}
}

func TestNotFoundKeepsPrice(t *testing.T) {
	s, db := setup(t)
	checkUntouched(t, s, db, "GONE-1", 1999)
}

func TestServiceUnavailableKeepsPrice(t *testing.T) {
	s, db := setup(t)
	checkUntouched(t, s, db, "BUSY-1", 2999)
	checkUntouched(t, s, db, "RATE-1", 999)
}

func TestGarbageBodiesKeepPrice(t *testing.T) {
	s, db := setup(t)
	checkUntouched(t, s, db, "HTML-1", 8999)
	checkUntouched(t, s, db, "TRUNC-1", 5999)
}
