package wallets

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
)

var (
	ErrNoWallet          = errors.New("wallets: no such wallet")
	ErrInsufficientFunds = errors.New("wallets: insufficient funds")
	ErrInvalidTransfer   = errors.New("wallets: amount must be positive and the wallets different")
)

// Service moves money between customer wallets.
type Service struct {
	db *sql.DB
}

// NewService returns a Service backed by db.
func NewService(db *sql.DB) *Service { return &Service{db: db} }

// Transfer moves cents from one wallet to another, atomically: either both
// balances change or neither does. It locks the sender's row first, so two
// opposite transfers between the same wallets can deadlock; PostgreSQL then
// aborts one of them (SQLSTATE 40P01) and the API layer retries it.
func (s *Service) Transfer(ctx context.Context, from, to, cents int64) error {
	if cents <= 0 || from == to {
		return ErrInvalidTransfer
	}
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("transfer: begin: %w", err)
	}
	defer tx.Rollback() // ends the transaction on every early return; a no-op after Commit
	var balance int64
	err = tx.QueryRowContext(ctx, `SELECT balance_cents FROM wallets WHERE id = $1 FOR UPDATE`, from).Scan(&balance)
	if errors.Is(err, sql.ErrNoRows) {
		return ErrNoWallet
	}
	if err != nil {
		return fmt.Errorf("transfer: read balance: %w", err)
	}
	if balance < cents {
		return ErrInsufficientFunds
	}
	if _, err := tx.ExecContext(ctx, `UPDATE wallets SET balance_cents = balance_cents - $1 WHERE id = $2`, cents, from); err != nil {
		return fmt.Errorf("transfer: debit: %w", err)
	}
	res, err := tx.ExecContext(ctx, `UPDATE wallets SET balance_cents = balance_cents + $1 WHERE id = $2`, cents, to)
	if err != nil {
		return fmt.Errorf("transfer: credit: %w", err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return fmt.Errorf("transfer: credit: %w", err)
	}
	if n == 0 {
		return ErrNoWallet
	}
	return tx.Commit()
}
