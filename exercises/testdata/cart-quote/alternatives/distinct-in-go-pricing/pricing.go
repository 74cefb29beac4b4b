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

type price struct {
	list int64
	sale sql.NullInt64
}

// unit is the current unit price: the sale price while one is set, the
// list price otherwise.
func (pr price) unit() int64 {
	if pr.sale.Valid {
		return pr.sale.Int64
	}
	return pr.list
}

// Quote prices a cart, line by line, in the cart's order.
func (p *Pricing) Quote(ctx context.Context, lines []Line) (Quote, error) {
	prices, err := p.pricesFor(ctx, distinctSKUs(lines))
	if err != nil {
		return Quote{}, err
	}
	var q Quote
	for _, l := range lines {
		pr, ok := prices[l.SKU]
		if !ok {
			return Quote{}, fmt.Errorf("pricing %q: %w", l.SKU, ErrUnknownSKU)
		}
		ql := QuotedLine{SKU: l.SKU, Qty: l.Qty, UnitCents: pr.unit(), TotalCents: pr.unit() * int64(l.Qty)}
		q.Lines = append(q.Lines, ql)
		q.TotalCents += ql.TotalCents
	}
	return q, nil
}

func distinctSKUs(lines []Line) []string {
	seen := make(map[string]bool, len(lines))
	var out []string
	for _, l := range lines {
		if !seen[l.SKU] {
			seen[l.SKU] = true
			out = append(out, l.SKU)
		}
	}
	return out
}

// pricesFor reads the prices of skus from the products for sale, with one
// statement.
func (p *Pricing) pricesFor(ctx context.Context, skus []string) (map[string]price, error) {
	out := make(map[string]price, len(skus))
	if len(skus) == 0 {
		return out, nil
	}
	marks := make([]string, len(skus))
	args := make([]any, len(skus))
	for i, s := range skus {
		marks[i] = "?"
		args[i] = s
	}
	rows, err := p.db.QueryContext(ctx,
		`SELECT sku, list_cents, sale_cents FROM products WHERE active = 1 AND sku IN (`+strings.Join(marks, ",")+`)`,
		args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var sku string
		var pr price
		if err := rows.Scan(&sku, &pr.list, &pr.sale); err != nil {
			return nil, err
		}
		out[sku] = pr
	}
	return out, rows.Err()
}
