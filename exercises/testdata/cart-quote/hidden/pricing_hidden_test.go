package pricing

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"strings"
	"testing"

	"drill.workspace/harness"
)

const schema = `
CREATE TABLE products (
	sku TEXT PRIMARY KEY,
	list_cents INTEGER NOT NULL,
	sale_cents INTEGER,
	active INTEGER NOT NULL DEFAULT 1
);`

// seed stores n active products SKU-001 … SKU-n; every third one is on sale
// at half price. It also stores a retired product, OLD-1.
func seed(t *testing.T, db *harness.DB, n int) map[string]int64 {
	t.Helper()
	unit := map[string]int64{}
	for i := 1; i <= n; i++ {
		sku := fmt.Sprintf("SKU-%03d", i)
		list := int64(100 * i)
		if i%3 == 0 {
			db.MustExec(t, `INSERT INTO products (sku, list_cents, sale_cents) VALUES (?, ?, ?)`, sku, list, list/2)
			unit[sku] = list / 2
		} else {
			db.MustExec(t, `INSERT INTO products (sku, list_cents) VALUES (?, ?)`, sku, list)
			unit[sku] = list
		}
	}
	db.MustExec(t, `INSERT INTO products (sku, list_cents, active) VALUES ('OLD-1', 999, 0)`)
	return unit
}

func expected(lines []Line, unit map[string]int64) Quote {
	var q Quote
	for _, l := range lines {
		ql := QuotedLine{SKU: l.SKU, Qty: l.Qty, UnitCents: unit[l.SKU], TotalCents: unit[l.SKU] * int64(l.Qty)}
		q.Lines = append(q.Lines, ql)
		q.TotalCents += ql.TotalCents
	}
	return q
}

func TestQuoteQueryCount(t *testing.T) {
	db := harness.OpenDB(t, schema)
	seed(t, db, 40)
	var lines []Line
	for i := 40; i >= 1; i-- { // 40 distinct products, not in table order
		lines = append(lines, Line{SKU: fmt.Sprintf("SKU-%03d", i), Qty: 1 + i%4})
	}
	db.ResetQueries()

	if _, err := New(db.DB).Quote(context.Background(), lines); err != nil {
		t.Fatalf("Quote: %v", err)
	}
	if n := db.QueryCount(); n > 2 {
		q := db.Queries()
		t.Fatalf("Quote ran %d queries for a %d-line cart: one per line, through the priceFor helper. A 200-line B2B cart would cost 200 round trips on every cart change; load all prices with one batched query. First statements:\n  %s",
			n, len(lines), strings.Join(q[:min(3, len(q))], "\n  "))
	}
	db.AssertNoLeakedConns(t)
}

func TestQuotePrices(t *testing.T) {
	db := harness.OpenDB(t, schema)
	unit := seed(t, db, 12)
	lines := []Line{
		{SKU: "SKU-007", Qty: 2},
		{SKU: "SKU-003", Qty: 1}, // on sale
		{SKU: "SKU-012", Qty: 5}, // on sale
		{SKU: "SKU-001", Qty: 10},
		{SKU: "SKU-007", Qty: 1}, // same product on a second line
	}

	got, err := New(db.DB).Quote(context.Background(), lines)
	if err != nil {
		t.Fatalf("Quote: %v", err)
	}
	want := expected(lines, unit)
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("Quote = %+v\nwant    %+v\n(lines keep the cart's order, a product on two lines is priced on both, the sale price wins while set)", got, want)
	}
	if want.TotalCents != 1400+150+3000+1000+700 {
		t.Fatalf("test bug: total %d", want.TotalCents)
	}
	db.AssertNoLeakedConns(t)
}

func TestQuoteUnknownSKU(t *testing.T) {
	db := harness.OpenDB(t, schema)
	seed(t, db, 5)
	p := New(db.DB)
	for _, bad := range []string{"NOPE-9", "OLD-1"} {
		lines := []Line{{SKU: "SKU-001", Qty: 1}, {SKU: bad, Qty: 1}, {SKU: "SKU-002", Qty: 1}}
		q, err := p.Quote(context.Background(), lines)
		if !errors.Is(err, ErrUnknownSKU) {
			t.Fatalf("Quote with %s in the cart: err = %v, quote %+v; want ErrUnknownSKU (retired or unknown products are not for sale)", bad, err, q)
		}
	}
	db.AssertNoLeakedConns(t)
}

func TestQuoteEmptyCart(t *testing.T) {
	db := harness.OpenDB(t, schema)
	seed(t, db, 3)
	q, err := New(db.DB).Quote(context.Background(), nil)
	if err != nil {
		t.Fatalf("Quote of an empty cart: %v", err)
	}
	if len(q.Lines) != 0 || q.TotalCents != 0 {
		t.Fatalf("Quote of an empty cart = %+v, want nothing to pay", q)
	}
}
