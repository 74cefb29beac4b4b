package ledger

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
)

var (
	ErrBadAmount         = errors.New("ledger: amount must be positive")
	ErrInsufficientFunds = errors.New("ledger: insufficient funds")
	ErrNoSuchAccount     = errors.New("ledger: destination account does not exist or is closed")
)

type Ledger struct {
	db *sql.DB
}

func New(db *sql.DB) *Ledger { return &Ledger{db: db} }

// Transfer moves amountCents from one open account to another and records
// the transfer. Each UPDATE is atomic on its own; a credit that finds no
// account is compensated by refunding the sender.
func (l *Ledger) Transfer(ctx context.Context, from, to, amountCents int64) error {
	if amountCents <= 0 {
		return ErrBadAmount
	}
	if err := l.adjust(ctx, from, -amountCents, ErrInsufficientFunds); err != nil {
		return fmt.Errorf("debit %d: %w", from, err)
	}
	if err := l.adjust(ctx, to, amountCents, ErrNoSuchAccount); err != nil {
		if rerr := l.adjust(ctx, from, amountCents, nil); rerr != nil {
			return fmt.Errorf("refund %d after failed credit (%v): %w", from, err, rerr)
		}
		return fmt.Errorf("credit %d: %w", to, err)
	}
	if _, err := l.db.ExecContext(ctx, `INSERT INTO transfers(from_id, to_id, amount_cents) VALUES ($1, $2, $3)`,
		from, to, amountCents); err != nil {
		return fmt.Errorf("record transfer: %w", err)
	}
	return nil
}

// adjust adds delta to an open account's balance, refusing to take it
// below zero; it returns none when no row qualified.
func (l *Ledger) adjust(ctx context.Context, id, delta int64, none error) error {
	res, err := l.db.ExecContext(ctx, `UPDATE accounts SET balance_cents = balance_cents + $1
		WHERE id = $2 AND status = 'open' AND balance_cents + $1 >= 0`, delta, id)
	if err != nil {
		return err
	}
	n, err := res.RowsAffected()
	if err != nil {
		return err
	}
	if n == 0 && none != nil {
		return none
	}
	return nil
}
