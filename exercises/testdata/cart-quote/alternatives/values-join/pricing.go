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
	if len(lines) == 0 {
		return Quote{}, nil
	}
	// The cart becomes a VALUES table joined to the products, so one
	// statement returns every line, in cart order, with its price or NULL.
	args := make([]any, 0, 2*len(lines))
	tuples := make([]string, 0, len(lines))
	for i, l := range lines {
		tuples = append(tuples, "(?, ?)")
		args = append(args, i, l.SKU)
	}
	rows, err := p.db.QueryContext(ctx, `
		WITH cart(pos, sku) AS (VALUES `+strings.Join(tuples, ", ")+`)
		SELECT cart.sku, COALESCE(pr.sale_cents, pr.list_cents)
		FROM cart
		LEFT JOIN products pr ON pr.sku = cart.sku AND pr.active = 1
		ORDER BY cart.pos`, args...)
	if err != nil {
		return Quote{}, err
	}
	defer rows.Close()

	var q Quote
	i := 0
	for rows.Next() {
		var sku string
		var unit sql.NullInt64
		if err := rows.Scan(&sku, &unit); err != nil {
			return Quote{}, err
		}
		if !unit.Valid {
			return Quote{}, fmt.Errorf("pricing %q: %w", sku, ErrUnknownSKU)
		}
		qty := lines[i].Qty
		i++
		ql := QuotedLine{SKU: sku, Qty: qty, UnitCents: unit.Int64, TotalCents: unit.Int64 * int64(qty)}
		q.Lines = append(q.Lines, ql)
		q.TotalCents += ql.TotalCents
	}
	if err := rows.Err(); err != nil {
		return Quote{}, err
	}
	return q, nil
}
