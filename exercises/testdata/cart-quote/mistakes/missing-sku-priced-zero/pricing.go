package pricing

import (
	"context"
	"database/sql"
	"errors"
	"strings"
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
	prices, err := p.unitPrices(ctx, lines)
	if err != nil {
		return Quote{}, err
	}
	var q Quote
	for _, l := range lines {
		unit := prices[l.SKU]
		ql := QuotedLine{SKU: l.SKU, Qty: l.Qty, UnitCents: unit, TotalCents: unit * int64(l.Qty)}
		q.Lines = append(q.Lines, ql)
		q.TotalCents += ql.TotalCents
	}
	return q, nil
}

// unitPrices loads the current unit price of every SKU in the cart with
// one query.
func (p *Pricing) unitPrices(ctx context.Context, lines []Line) (map[string]int64, error) {
	prices := map[string]int64{}
	if len(lines) == 0 {
		return prices, nil
	}
	args := make([]any, len(lines))
	for i, l := range lines {
		args[i] = l.SKU
	}
	rows, err := p.db.QueryContext(ctx,
		`SELECT sku, COALESCE(sale_cents, list_cents) FROM products
		 WHERE active = 1 AND sku IN (?`+strings.Repeat(", ?", len(args)-1)+`)`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var sku string
		var unit int64
		if err := rows.Scan(&sku, &unit); err != nil {
			return nil, err
		}
		prices[sku] = unit
	}
	return prices, rows.Err()
}
