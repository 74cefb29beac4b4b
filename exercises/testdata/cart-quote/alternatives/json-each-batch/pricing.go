package pricing

import (
	"context"
	"database/sql"
	"encoding/json"
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
	prices, err := p.unitPrices(ctx, lines)
	if err != nil {
		return Quote{}, err
	}
	var q Quote
	for _, l := range lines {
		unit, ok := prices[l.SKU]
		if !ok {
			return Quote{}, fmt.Errorf("pricing %q: %w", l.SKU, ErrUnknownSKU)
		}
		ql := QuotedLine{SKU: l.SKU, Qty: l.Qty, UnitCents: unit, TotalCents: unit * int64(l.Qty)}
		q.Lines = append(q.Lines, ql)
		q.TotalCents += ql.TotalCents
	}
	return q, nil
}

// unitPrices loads the current unit price of every SKU in the cart: the
// SKUs travel as one JSON array, so the statement text is the same for
// every cart size.
func (p *Pricing) unitPrices(ctx context.Context, lines []Line) (map[string]int64, error) {
	skus := make([]string, 0, len(lines))
	for _, l := range lines {
		skus = append(skus, l.SKU)
	}
	list, err := json.Marshal(skus)
	if err != nil {
		return nil, err
	}
	rows, err := p.db.QueryContext(ctx, `
		SELECT sku, COALESCE(sale_cents, list_cents) FROM products
		WHERE active = 1 AND sku IN (SELECT value FROM json_each(?))`, string(list))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	prices := map[string]int64{}
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
