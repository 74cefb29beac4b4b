package webhook

import (
	"context"
	"database/sql"
	"encoding/json"
	"net/http"
)

// Schema is the wallet service's migration.
const Schema = `
CREATE TABLE accounts (
	id BIGINT PRIMARY KEY,
	balance_cents BIGINT NOT NULL DEFAULT 0
);
CREATE TABLE ledger (
	id BIGSERIAL PRIMARY KEY,
	account_id BIGINT NOT NULL REFERENCES accounts(id),
	amount_cents BIGINT NOT NULL,
	event_id TEXT NOT NULL
);`

// Event is the payment provider's webhook payload.
type Event struct {
	ID          string `json:"id"`
	Type        string `json:"type"`
	AccountID   int64  `json:"account_id"`
	AmountCents int64  `json:"amount_cents"`
}

type Handler struct{ DB *sql.DB }

// ServeHTTP handles POST /webhooks/payments: a succeeded top-up is credited
// to the customer's wallet; other event types are acknowledged and ignored.
// The router mounts it behind the provider's signature check, so only
// requests signed by the provider reach it.
func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	var ev Event
	if err := json.NewDecoder(r.Body).Decode(&ev); err != nil || ev.ID == "" {
		http.Error(w, "malformed event", http.StatusBadRequest)
		return
	}
	if ev.Type == "payment.succeeded" {
		if err := h.credit(r.Context(), ev); err != nil {
			http.Error(w, "try again", http.StatusInternalServerError)
			return
		}
	}
	w.WriteHeader(http.StatusOK)
}

func (h *Handler) credit(ctx context.Context, ev Event) error {
	tx, err := h.DB.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx,
		`INSERT INTO ledger (account_id, amount_cents, event_id) VALUES ($1, $2, $3)`,
		ev.AccountID, ev.AmountCents, ev.ID); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx,
		`UPDATE accounts SET balance_cents = balance_cents + $1 WHERE id = $2`,
		ev.AmountCents, ev.AccountID); err != nil {
		return err
	}
	return tx.Commit()
}
