package wallets

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"drill.workspace/harness"
)

const schema = `
CREATE TABLE wallets (id BIGINT PRIMARY KEY, balance_cents BIGINT NOT NULL);
INSERT INTO wallets (id, balance_cents) VALUES (1, 500), (2, 0), (3, 1000);`

const budget = 2 * time.Second

// transferWithin calls Transfer and fails the test if it is still blocked
// after budget (waiting for a pooled connection or for a row lock that a
// leaked transaction still holds).
// The result is read only after the call returned.
func transferWithin(t *testing.T, s *Service, from, to, cents int64, what string) error {
	t.Helper()
	var err error
	harness.Within(t, budget, what, func() {
		err = s.Transfer(context.Background(), from, to, cents)
	})
	return err
}

func balances(t *testing.T, db *harness.DB) string {
	t.Helper()
	return fmt.Sprintf("wallet 1 = %d, wallet 2 = %d, wallet 3 = %d",
		db.Int(t, `SELECT balance_cents FROM wallets WHERE id = 1`),
		db.Int(t, `SELECT balance_cents FROM wallets WHERE id = 2`),
		db.Int(t, `SELECT balance_cents FROM wallets WHERE id = 3`))
}

func TestRefusedTransfersGiveConnectionBack(t *testing.T) {
	db := harness.OpenDB(t, schema, harness.Postgres(), harness.MaxOpenConns(1))
	s := NewService(db.DB)
	for call := 1; call <= 3; call++ {
		what := fmt.Sprintf("Transfer call %d of 3 on a pool of one connection (every earlier call was refused for insufficient funds)", call)
		if err := transferWithin(t, s, 2, 1, 100, what); !errors.Is(err, ErrInsufficientFunds) {
			t.Fatalf("Transfer(2 -> 1, 100) from an empty wallet = %v, want ErrInsufficientFunds", err)
		}
	}
	if err := transferWithin(t, s, 1, 2, 100, "a valid Transfer after three refused ones, on a pool of one connection"); err != nil {
		t.Fatalf("Transfer(1 -> 2, 100) = %v, want nil", err)
	}
	db.AssertNoLeakedConns(t)
}

func TestTransferToMissingWalletChangesNothing(t *testing.T) {
	db := harness.OpenDB(t, schema, harness.Postgres())
	s := NewService(db.DB)
	if err := transferWithin(t, s, 1, 99, 100, "Transfer to a wallet that does not exist"); !errors.Is(err, ErrNoWallet) {
		t.Fatalf("Transfer(1 -> 99, 100) = %v, want ErrNoWallet", err)
	}
	// The debit already ran inside the transaction: if nothing ends it, the
	// connection stays checked out and the transaction keeps its row locks on
	// wallet 1, so the next transfer from wallet 1 waits for them forever.
	db.AssertNoLeakedConns(t)
	if err := transferWithin(t, s, 1, 2, 250, "the next Transfer from wallet 1 after one to a missing wallet (it needs wallet 1's row lock)"); err != nil {
		t.Fatalf("Transfer(1 -> 2, 250) after a refused transfer = %v, want nil", err)
	}
	if got, want := balances(t, db), "wallet 1 = 250, wallet 2 = 250, wallet 3 = 1000"; got != want {
		t.Fatalf("after a refused transfer to a missing wallet and a good one: %s, want %s (the refused debit must be undone)", got, want)
	}
}

func TestTransferFromMissingWallet(t *testing.T) {
	db := harness.OpenDB(t, schema, harness.Postgres())
	s := NewService(db.DB)
	if err := transferWithin(t, s, 99, 1, 100, "Transfer from a wallet that does not exist"); !errors.Is(err, ErrNoWallet) {
		t.Fatalf("Transfer(99 -> 1, 100) = %v, want ErrNoWallet", err)
	}
	db.AssertNoLeakedConns(t)
}

func TestTransferMovesMoney(t *testing.T) {
	db := harness.OpenDB(t, schema, harness.Postgres())
	s := NewService(db.DB)
	steps := []struct {
		from, to, cents int64
		want            error
	}{
		{1, 2, 300, nil},
		{1, 2, 200, nil}, // the whole remaining balance
		{1, 2, 1, ErrInsufficientFunds},
		{2, 3, 500, nil},
		{3, 3, 10, ErrInvalidTransfer},
		{3, 1, 0, ErrInvalidTransfer},
	}
	for _, st := range steps {
		err := transferWithin(t, s, st.from, st.to, st.cents, fmt.Sprintf("Transfer(%d -> %d, %d)", st.from, st.to, st.cents))
		if !errors.Is(err, st.want) {
			t.Fatalf("Transfer(%d -> %d, %d) = %v, want %v", st.from, st.to, st.cents, err, st.want)
		}
	}
	if got, want := balances(t, db), "wallet 1 = 0, wallet 2 = 0, wallet 3 = 1500"; got != want {
		t.Fatalf("after the transfers: %s, want %s", got, want)
	}
	db.AssertNoLeakedConns(t)
}

// Wallet 3 holds 1000 cents and 32 transfers of 100 leave it at once (the
// app's "send money" button pressed on several devices): exactly 10 fit.
func TestConcurrentTransfersDoNotOverdraw(t *testing.T) {
	db := harness.OpenDB(t, schema, harness.Postgres())
	s := NewService(db.DB)
	db.SetReadDelay(20 * time.Millisecond) // widen the window between reading the balance and debiting it
	var (
		mu         sync.Mutex
		sent       int
		unexpected []string
	)
	harness.Within(t, 10*time.Second, "32 concurrent transfers of 100 from a wallet holding 1000", func() {
		harness.Concurrently(32, func(int) {
			err := s.Transfer(context.Background(), 3, 2, 100)
			mu.Lock()
			defer mu.Unlock()
			switch {
			case err == nil:
				sent++
			case errors.Is(err, ErrInsufficientFunds):
			default:
				unexpected = append(unexpected, err.Error())
			}
		})
	})
	db.SetReadDelay(0)
	if len(unexpected) > 0 {
		t.Fatalf("%d of 32 concurrent transfers failed with an error other than ErrInsufficientFunds (first: %s)", len(unexpected), unexpected[0])
	}
	if got, want := balances(t, db), "wallet 1 = 500, wallet 2 = 1000, wallet 3 = 0"; sent != 10 || got != want {
		t.Fatalf("32 concurrent transfers of 100 from a wallet holding 1000: %d succeeded, %s; want 10 and %s: transfers that read the balance before another one debited it must not both pass the check", sent, got, want)
	}
	db.AssertNoLeakedConns(t)
}
