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
	return withTx(ctx, s.db, func(tx *sql.Tx) error {
		var balance int64
		err := tx.QueryRowContext(ctx, `SELECT balance_cents FROM wallets WHERE id = $1 FOR UPDATE`, from).Scan(&balance)
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
		if n, err := res.RowsAffected(); err != nil {
			return fmt.Errorf("transfer: credit: %w", err)
		} else if n == 0 {
			return ErrNoWallet
		}
		return nil
	})
}

// withTx runs fn in a transaction: committed if fn returns nil, rolled back
// (connection returned, writes undone) if it returns an error or panics.
func withTx(ctx context.Context, db *sql.DB, fn func(*sql.Tx) error) (err error) {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("transfer: begin: %w", err)
	}
	defer func() {
		if err != nil {
			tx.Rollback()
		}
	}()
	defer func() {
		if p := recover(); p != nil {
			tx.Rollback()
			panic(p)
		}
	}()
	if err := fn(tx); err != nil {
		return err
	}
	return tx.Commit()
}
