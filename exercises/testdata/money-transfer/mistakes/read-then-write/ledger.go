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
	tx, err := l.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()

	// Validate both sides before touching anything.
	var fromBalance, toBalance int64
	err = tx.QueryRowContext(ctx, `SELECT balance_cents FROM accounts WHERE id = $1 AND status = 'open'`, from).Scan(&fromBalance)
	if errors.Is(err, sql.ErrNoRows) || (err == nil && fromBalance < amountCents) {
		return ErrInsufficientFunds
	}
	if err != nil {
		return fmt.Errorf("read account %d: %w", from, err)
	}
	err = tx.QueryRowContext(ctx, `SELECT balance_cents FROM accounts WHERE id = $1 AND status = 'open'`, to).Scan(&toBalance)
	if errors.Is(err, sql.ErrNoRows) {
		return ErrNoSuchAccount
	}
	if err != nil {
		return fmt.Errorf("read account %d: %w", to, err)
	}

	if _, err := tx.ExecContext(ctx, `UPDATE accounts SET balance_cents = $1 WHERE id = $2`, fromBalance-amountCents, from); err != nil {
		return fmt.Errorf("debit %d: %w", from, err)
	}
	if _, err := tx.ExecContext(ctx, `UPDATE accounts SET balance_cents = $1 WHERE id = $2`, toBalance+amountCents, to); err != nil {
		return fmt.Errorf("credit %d: %w", to, err)
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO transfers(from_id, to_id, amount_cents) VALUES ($1, $2, $3)`,
		from, to, amountCents); err != nil {
		return fmt.Errorf("record transfer: %w", err)
	}
	return tx.Commit()
}
