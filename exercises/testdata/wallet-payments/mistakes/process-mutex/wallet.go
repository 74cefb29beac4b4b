package wallet

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"sync"
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

	// mu lets one transfer at a time lock rows, so two transfers can never
	// wait for each other's wallets.
	mu sync.Mutex
}

func NewLedger(db *sql.DB) *Ledger { return &Ledger{db: db} }

// Transfer moves amount cents between two wallets atomically: no reader
// ever sees the money in both accounts or in neither. Both wallets are
// locked for the duration of the move.
func (l *Ledger) Transfer(ctx context.Context, fromID, toID string, amount int64) error {
	if fromID == toID {
		return ErrSameAccount
	}
	if amount <= 0 {
		return ErrInvalidAmount
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	tx, err := l.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("transfer: begin: %w", err)
	}
	defer tx.Rollback()

	var balance int64
	err = tx.QueryRowContext(ctx, `SELECT balance_cents FROM wallets WHERE id = $1 FOR UPDATE`, fromID).Scan(&balance)
	if errors.Is(err, sql.ErrNoRows) {
		return ErrNoAccount
	}
	if err != nil {
		return fmt.Errorf("transfer: lock %s: %w", fromID, err)
	}
	var id string
	err = tx.QueryRowContext(ctx, `SELECT id FROM wallets WHERE id = $1 FOR UPDATE`, toID).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return ErrNoAccount
	}
	if err != nil {
		return fmt.Errorf("transfer: lock %s: %w", toID, err)
	}

	if balance < amount {
		return ErrInsufficientFunds
	}
	if _, err := tx.ExecContext(ctx, `UPDATE wallets SET balance_cents = balance_cents - $1 WHERE id = $2`, amount, fromID); err != nil {
		return fmt.Errorf("transfer: debit: %w", err)
	}
	if _, err := tx.ExecContext(ctx, `UPDATE wallets SET balance_cents = balance_cents + $1 WHERE id = $2`, amount, toID); err != nil {
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
