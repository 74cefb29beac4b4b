package wallet

import (
	"errors"
	"sync"
)

var (
	ErrInsufficientFunds = errors.New("wallet: insufficient funds")
	ErrSameAccount       = errors.New("wallet: cannot transfer to the same account")
	ErrNoAccount         = errors.New("wallet: no such account")
)

// Account is one customer's in-app balance, in cents.
type Account struct {
	ID      string
	mu      sync.Mutex
	balance int64
}

// Ledger holds every wallet in memory; the set of accounts is fixed at
// startup, balances change concurrently.
type Ledger struct {
	accounts map[string]*Account
}

func NewLedger(balances map[string]int64) *Ledger {
	l := &Ledger{accounts: make(map[string]*Account)}
	for id, b := range balances {
		l.accounts[id] = &Account{ID: id, balance: b}
	}
	return l
}

// Transfer moves amount cents between two wallets atomically: no reader
// ever sees the money in both accounts or in neither.
func (l *Ledger) Transfer(fromID, toID string, amount int64) error {
	if fromID == toID {
		return ErrSameAccount
	}
	from, to := l.accounts[fromID], l.accounts[toID]
	if from == nil || to == nil {
		return ErrNoAccount
	}
	from.mu.Lock()
	defer from.mu.Unlock()
	to.mu.Lock()
	defer to.mu.Unlock()
	if from.balance < amount {
		return ErrInsufficientFunds
	}
	from.balance -= amount
	to.balance += amount
	return nil
}

// Balance returns the account's current balance.
func (l *Ledger) Balance(id string) (int64, error) {
	a := l.accounts[id]
	if a == nil {
		return 0, ErrNoAccount
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.balance, nil
}
