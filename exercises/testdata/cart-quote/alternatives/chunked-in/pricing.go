package pricing

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
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
	prices, err := p.pricesFor(ctx, lines)
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

// maxBatch keeps each IN list well under SQLite's limit on bound
// parameters, whatever the size of a B2B cart.
const maxBatch = 100

// pricesFor loads the current unit price of every SKU in lines, maxBatch
// SKUs per query: the sale price while one is set, the list price otherwise.
func (p *Pricing) pricesFor(ctx context.Context, lines []Line) (map[string]int64, error) {
	prices := make(map[string]int64, len(lines))
	for start := 0; start < len(lines); start += maxBatch {
		batch := lines[start:min(start+maxBatch, len(lines))]
		args := make([]any, len(batch))
		for i, l := range batch {
			args[i] = l.SKU
		}
		if err := p.loadBatch(ctx, prices, args); err != nil {
			return nil, err
		}
	}
	return prices, nil
}

func (p *Pricing) loadBatch(ctx context.Context, into map[string]int64, skus []any) error {
	rows, err := p.db.QueryContext(ctx,
		`SELECT sku, COALESCE(sale_cents, list_cents) FROM products
		 WHERE active = 1 AND sku IN (?`+strings.Repeat(", ?", len(skus)-1)+`)`, skus...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var sku string
		var unit int64
		if err := rows.Scan(&sku, &unit); err != nil {
			return err
		}
		into[sku] = unit
	}
	return rows.Err()
}
