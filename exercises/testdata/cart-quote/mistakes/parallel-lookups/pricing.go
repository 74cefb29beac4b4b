package pricing

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"sync"
)

// ErrUnknownSKU means a cart line names a product that is not for sale.
var ErrUnknownSKU = errors.New("unknown sku")

type Line struct {
	SKU string
	Qty int
}

type QuotedLine struct {
	SKU        string
	Qty        int
	UnitCents  int64
	TotalCents int64
}

type Quote struct {
	Lines      []QuotedLine
	TotalCents int64
}

type Pricing struct{ db *sql.DB }

func New(db *sql.DB) *Pricing { return &Pricing{db: db} }

// Quote prices a cart, line by line, in the cart's order. The lines are
// priced concurrently, so a big cart takes one round trip of wall time.
func (p *Pricing) Quote(ctx context.Context, lines []Line) (Quote, error) {
	units := make([]int64, len(lines))
	errs := make([]error, len(lines))
	var wg sync.WaitGroup
	for i, l := range lines {
		wg.Add(1)
		go func() {
			defer wg.Done()
			units[i], errs[i] = p.priceFor(ctx, l.SKU)
		}()
	}
	wg.Wait()

	var q Quote
	for i, l := range lines {
		if errs[i] != nil {
			return Quote{}, fmt.Errorf("pricing %q: %w", l.SKU, errs[i])
		}
		ql := QuotedLine{SKU: l.SKU, Qty: l.Qty, UnitCents: units[i], TotalCents: units[i] * int64(l.Qty)}
		q.Lines = append(q.Lines, ql)
		q.TotalCents += ql.TotalCents
	}
	return q, nil
}

// priceFor is the current unit price of sku: its sale price while one is
// set, its list price otherwise.
func (p *Pricing) priceFor(ctx context.Context, sku string) (int64, error) {
	var list int64
	var sale sql.NullInt64
	err := p.db.QueryRowContext(ctx,
		`SELECT list_cents, sale_cents FROM products WHERE sku = ? AND active = 1`, sku).
		Scan(&list, &sale)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, ErrUnknownSKU
	}
	if err != nil {
		return 0, err
	}
	if sale.Valid {
		return sale.Int64, nil
	}
	return list, nil
}
