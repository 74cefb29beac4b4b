package pricing

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
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

// Quote prices a cart, line by line, in the cart's order.
func (p *Pricing) Quote(ctx context.Context, lines []Line) (Quote, error) {
	var q Quote
	for _, l := range lines {
		unit, err := p.priceFor(ctx, l.SKU)
		if err != nil {
			return Quote{}, fmt.Errorf("pricing %q: %w", l.SKU, err)
		}
		ql := QuotedLine{SKU: l.SKU, Qty: l.Qty, UnitCents: unit, TotalCents: unit * int64(l.Qty)}
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
