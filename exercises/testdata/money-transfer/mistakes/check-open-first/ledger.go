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
// the transfer, atomically.
func (l *Ledger) Transfer(ctx context.Context, from, to, amountCents int64) error {
	if amountCents <= 0 {
		return ErrBadAmount
	}
	// Refuse a closed or unknown destination before any money moves.
	var open bool
	if err := l.db.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM accounts WHERE id = $1 AND status = 'open')`, to).Scan(&open); err != nil {
		return err
	}
	if !open {
		return ErrNoSuchAccount
	}
	tx, err := l.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()

	res, err := tx.ExecContext(ctx, `UPDATE accounts SET balance_cents = balance_cents - $1
		WHERE id = $2 AND status = 'open' AND balance_cents >= $1`, amountCents, from)
	if err != nil {
		return fmt.Errorf("debit %d: %w", from, err)
	}
	if n, err := res.RowsAffected(); err != nil {
		return err
	} else if n == 0 {
		return ErrInsufficientFunds
	}

	if _, err := tx.ExecContext(ctx, `UPDATE accounts SET balance_cents = balance_cents + $1
		WHERE id = $2 AND status = 'open'`, amountCents, to); err != nil {
		return fmt.Errorf("credit %d: %w", to, err)
	}

	if _, err := tx.ExecContext(ctx, `INSERT INTO transfers(from_id, to_id, amount_cents) VALUES ($1, $2, $3)`,
		from, to, amountCents); err != nil {
		return fmt.Errorf("record transfer: %w", err)
	}
	return tx.Commit()
}
