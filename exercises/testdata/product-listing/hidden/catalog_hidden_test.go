package catalog

import (
	"encoding/json"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"testing"

	"drill.workspace/harness"
)

const schema = `
CREATE TABLE products(id INTEGER PRIMARY KEY, category TEXT NOT NULL, name TEXT NOT NULL,
	price_cents INTEGER NOT NULL, created_at TEXT NOT NULL);
CREATE TABLE api_keys(id INTEGER PRIMARY KEY, partner TEXT NOT NULL, secret TEXT NOT NULL);
INSERT INTO products(id, category, name, price_cents, created_at) VALUES
	(1, 'books', 'The Go Programming Language', 3999, '2024-03-01'),
	(2, 'books', 'Designing Data-Intensive Applications', 4550, '2023-11-20'),
	(3, 'games', 'Factorio', 3500, '2024-01-05'),
	(4, 'books', 'A Philosophy of Software Design', 2499, '2024-06-30'),
	(5, 'books', 'Database Internals', 4100, '2022-09-12');
INSERT INTO api_keys(id, partner, secret) VALUES (1, 'payments', 'sk_live_51Hx9');`

func start(t *testing.T) (*harness.Server, *harness.DB) {
	t.Helper()
	db := harness.OpenDB(t, schema)
	mux := http.NewServeMux()
	h := &Handler{DB: db.DB}
	mux.HandleFunc("GET /products", h.ListProducts)
	return harness.NewServer(t, mux), db
}

func list(t *testing.T, srv *harness.Server, category, sort string) (int, []int64) {
	t.Helper()
	q := url.Values{}
	if category != "" {
		q.Set("category", category)
	}
	if sort != "" {
		q.Set("sort", sort)
	}
	resp, err := srv.Client().Get(srv.URL + "/products?" + q.Encode())
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return resp.StatusCode, nil
	}
	var ps []Product
	if err := json.NewDecoder(resp.Body).Decode(&ps); err != nil {
		t.Fatalf("GET /products?%s: decoding the JSON body: %v", q.Encode(), err)
	}
	ids := make([]int64, len(ps))
	for i, p := range ps {
		ids[i] = p.ID
	}
	return resp.StatusCode, ids
}

func TestListProductsSortOrders(t *testing.T) {
	srv, db := start(t)
	for _, tc := range []struct {
		sort string
		want []int64
	}{
		{"", []int64{1, 2, 4, 5}},
		{"price_cents", []int64{4, 1, 5, 2}},
		{"-price_cents", []int64{2, 5, 1, 4}},
		{"name", []int64{4, 5, 2, 1}},
		{"-created_at", []int64{4, 1, 2, 5}},
	} {
		code, ids := list(t, srv, "books", tc.sort)
		if code != http.StatusOK || !slices.Equal(ids, tc.want) {
			t.Fatalf("GET /products?category=books&sort=%s = %d %v, want 200 %v", tc.sort, code, ids, tc.want)
		}
	}
	db.AssertNoLeakedConns(t)
}

func TestListProductsRequiresCategory(t *testing.T) {
	srv, _ := start(t)
	if code, _ := list(t, srv, "", "name"); code != http.StatusBadRequest {
		t.Fatalf("GET /products without a category = %d, want 400", code)
	}
	if code, ids := list(t, srv, "books' OR '1'='1", ""); code != http.StatusOK || len(ids) != 0 {
		t.Fatalf("GET /products?category=books' OR '1'='1 = %d with %d products, want 200 and none", code, len(ids))
	}
}

// defaultOrder is the listing of books without a sort parameter.
var defaultOrder = []int64{1, 2, 4, 5}

// refused reports whether the handler kept sort out of the SQL: the brief
// leaves open whether an unknown sort value is answered with a 4xx or
// ignored (the listing in its default order); a 5xx means the database, not
// the handler, was left to refuse it.
func refused(code int, ids []int64) bool {
	return code >= 400 && code < 500 || code == http.StatusOK && slices.Equal(ids, defaultOrder)
}

func outcome(code int, ids []int64) string {
	if code == http.StatusOK {
		return "200 " + fmtIDs(ids)
	}
	return http.StatusText(code) + " (" + strconv.Itoa(code) + ")"
}

// A blind injection: the ORDER BY expression asks a yes/no question about a
// secret, and the order of the (perfectly normal) results is the answer.
func TestSortCannotReadOtherTables(t *testing.T) {
	srv, _ := start(t)
	guess := func(c string) string {
		return "(CASE WHEN (SELECT substr(secret, 1, 1) FROM api_keys WHERE id = 1) = '" + c + "' THEN price_cents ELSE -price_cents END)"
	}
	right, rightIDs := list(t, srv, "books", guess("s"))
	wrong, wrongIDs := list(t, srv, "books", guess("x"))
	if !refused(right, rightIDs) || !refused(wrong, wrongIDs) {
		leak := ""
		if right == http.StatusOK && wrong == http.StatusOK && !slices.Equal(rightIDs, wrongIDs) {
			leak = " The order for guess 's' (" + fmtIDs(rightIDs) + ") differs from guess 'x' (" + fmtIDs(wrongIDs) +
				"), so an attacker reads the partner's secret key one character per pair of requests."
		}
		t.Fatalf("GET /products with a sort containing a subquery on api_keys = %s and %s, want a 4xx (or the default order %v) for both: "+
			"the sort value became part of the SQL.%s", outcome(right, rightIDs), outcome(wrong, wrongIDs), defaultOrder, leak)
	}
}

func TestSortCannotRunStackedStatements(t *testing.T) {
	srv, db := start(t)
	sort := "price_cents; DROP TABLE api_keys; --"
	code, ids := list(t, srv, "books", sort)
	if n := db.Int(t, `SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = 'api_keys'`); n != 1 {
		t.Fatalf("GET /products?sort=%s dropped the api_keys table (%s): the sort value was pasted into ORDER BY and ran as its own statement", sort, outcome(code, ids))
	}
	if !refused(code, ids) {
		t.Fatalf("GET /products?sort=%s = %s, want a 4xx (or the default order %v): the value reached the SQL text "+
			"and the database, not the handler, was left to deal with it", sort, outcome(code, ids), defaultOrder)
	}
}

func fmtIDs(ids []int64) string {
	b, _ := json.Marshal(ids)
	return string(b)
}

func TestListProductsRejectsUnknownSortColumn(t *testing.T) {
	srv, _ := start(t)
	for _, sort := range []string{"weight", "category", "-id", "price_cents DESC"} {
		if code, ids := list(t, srv, "books", sort); !refused(code, ids) {
			t.Fatalf("GET /products?category=books&sort=%s = %s, want a 4xx (or the default order %v): only name, price_cents and created_at "+
				"may be sorted by, and the value must be checked before it reaches the SQL", sort, outcome(code, ids), defaultOrder)
		}
	}
}
