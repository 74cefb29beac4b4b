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
	// Prepare the price lookup once instead of once per line.
	stmt, err := p.db.PrepareContext(ctx, `SELECT list_cents, sale_cents FROM products WHERE sku = ? AND active = 1`)
	if err != nil {
		return Quote{}, err
	}
	defer stmt.Close()
	var q Quote
	for _, l := range lines {
		var list int64
		var sale sql.NullInt64
		err := stmt.QueryRowContext(ctx, l.SKU).Scan(&list, &sale)
		if errors.Is(err, sql.ErrNoRows) {
			return Quote{}, fmt.Errorf("pricing %q: %w", l.SKU, ErrUnknownSKU)
		}
		if err != nil {
			return Quote{}, fmt.Errorf("pricing %q: %w", l.SKU, err)
		}
		unit := list
		if sale.Valid {
			unit = sale.Int64
		}
		ql := QuotedLine{SKU: l.SKU, Qty: l.Qty, UnitCents: unit, TotalCents: unit * int64(l.Qty)}
		q.Lines = append(q.Lines, ql)
		q.TotalCents += ql.TotalCents
	}
	return q, nil
}
