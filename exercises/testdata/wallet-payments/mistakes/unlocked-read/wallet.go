package wallet

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
)

var (
	ErrInsufficientFunds = errors.New("wallet: insufficient funds")
	ErrSameAccount       = errors.New("wallet: cannot transfer to the same account")
	ErrNoAccount         = errors.New("wallet: no such account")
	ErrInvalidAmount     = errors.New("wallet: amount must be positive")
)

// Schema is the wallet service's migration.
const Schema = `
CREATE TABLE wallets (
	id TEXT PRIMARY KEY,
	balance_cents BIGINT NOT NULL
);`

// Ledger moves money between in-app wallets stored in PostgreSQL.
type Ledger struct {
	db *sql.DB
}

func NewLedger(db *sql.DB) *Ledger { return &Ledger{db: db} }

// Transfer moves amount cents between two wallets atomically: no reader
// ever sees the money in both accounts or in neither.
func (l *Ledger) Transfer(ctx context.Context, fromID, toID string, amount int64) error {
	if fromID == toID {
		return ErrSameAccount
	}
	if amount <= 0 {
		return ErrInvalidAmount
	}
	tx, err := l.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("transfer: begin: %w", err)
	}
	defer tx.Rollback()

	// Read both balances without locking: the transaction makes the two
	// writes atomic.
	var fromBalance, toBalance int64
	err = tx.QueryRowContext(ctx, `SELECT balance_cents FROM wallets WHERE id = $1`, fromID).Scan(&fromBalance)
	if errors.Is(err, sql.ErrNoRows) {
		return ErrNoAccount
	}
	if err != nil {
		return fmt.Errorf("transfer: read %s: %w", fromID, err)
	}
	err = tx.QueryRowContext(ctx, `SELECT balance_cents FROM wallets WHERE id = $1`, toID).Scan(&toBalance)
	if errors.Is(err, sql.ErrNoRows) {
		return ErrNoAccount
	}
	if err != nil {
		return fmt.Errorf("transfer: read %s: %w", toID, err)
	}
	if fromBalance < amount {
		return ErrInsufficientFunds
	}
	if _, err := tx.ExecContext(ctx, `UPDATE wallets SET balance_cents = $1 WHERE id = $2`, fromBalance-amount, fromID); err != nil {
		return fmt.Errorf("transfer: debit: %w", err)
	}
	if _, err := tx.ExecContext(ctx, `UPDATE wallets SET balance_cents = $1 WHERE id = $2`, toBalance+amount, toID); err != nil {
		return fmt.Errorf("transfer: credit: %w", err)
	}
	return tx.Commit()
}

// Balance returns the account's current balance.
func (l *Ledger) Balance(ctx context.Context, id string) (int64, error) {
	var b int64
	err := l.db.QueryRowContext(ctx, `SELECT balance_cents FROM wallets WHERE id = $1`, id).Scan(&b)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, ErrNoAccount
	}
	return b, err
}
