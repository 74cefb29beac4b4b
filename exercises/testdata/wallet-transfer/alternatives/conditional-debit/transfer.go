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
	defer tx.Rollback() // every refusal below ends the transaction here

	// The balance check is part of the debit, so the database evaluates it
	// on the current row even when transfers from this wallet overlap.
	res, err := tx.ExecContext(ctx,
		`UPDATE wallets SET balance_cents = balance_cents - $1 WHERE id = $2 AND balance_cents >= $1`, cents, from)
	if err != nil {
		return fmt.Errorf("transfer: debit: %w", err)
	}
	if n, err := res.RowsAffected(); err != nil {
		return fmt.Errorf("transfer: debit: %w", err)
	} else if n == 0 {
		var exists bool
		if err := tx.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM wallets WHERE id = $1)`, from).Scan(&exists); err != nil {
			return fmt.Errorf("transfer: read wallet: %w", err)
		}
		if !exists {
			return ErrNoWallet
		}
		return ErrInsufficientFunds
	}
	res, err = tx.ExecContext(ctx, `UPDATE wallets SET balance_cents = balance_cents + $1 WHERE id = $2`, cents, to)
	if err != nil {
		return fmt.Errorf("transfer: credit: %w", err)
	}
	if n, err := res.RowsAffected(); err != nil {
		return fmt.Errorf("transfer: credit: %w", err)
	} else if n == 0 {
		return ErrNoWallet
	}
	return tx.Commit()
}
