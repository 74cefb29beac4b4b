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

	// Lock both rows up front, always lowest id first.
	rows, err := tx.QueryContext(ctx, `SELECT id, status, balance_cents FROM accounts
		WHERE id IN ($1, $2) ORDER BY id FOR UPDATE`, from, to)
	if err != nil {
		return fmt.Errorf("lock accounts: %w", err)
	}
	type account struct {
		open    bool
		balance int64
	}
	accounts := map[int64]account{}
	for rows.Next() {
		var (
			id      int64
			status  string
			balance int64
		)
		if err := rows.Scan(&id, &status, &balance); err != nil {
			rows.Close()
			return err
		}
		accounts[id] = account{open: status == "open", balance: balance}
	}
	if err := rows.Close(); err != nil {
		return err
	}
	if err := rows.Err(); err != nil {
		return err
	}

	src, dst := accounts[from], accounts[to]
	if !src.open || src.balance < amountCents {
		return ErrInsufficientFunds
	}
	if !dst.open {
		return ErrNoSuchAccount
	}
	if _, err := tx.ExecContext(ctx, `UPDATE accounts SET balance_cents = balance_cents - $1 WHERE id = $2`, amountCents, from); err != nil {
		return fmt.Errorf("debit %d: %w", from, err)
	}
	if _, err := tx.ExecContext(ctx, `UPDATE accounts SET balance_cents = balance_cents + $1 WHERE id = $2`, amountCents, to); err != nil {
		return fmt.Errorf("credit %d: %w", to, err)
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO transfers(from_id, to_id, amount_cents) VALUES ($1, $2, $3)`,
		from, to, amountCents); err != nil {
		return fmt.Errorf("record transfer: %w", err)
	}
	return tx.Commit()
}
