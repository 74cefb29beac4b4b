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
	event_id TEXT NOT NULL UNIQUE -- the provider's event id: applied at most once
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
	// The UPDATE joins on what the INSERT returned: when the event id is
	// already in the ledger, the INSERT returns no row and nothing is
	// credited. One statement commits or fails as a whole.
	_, err := h.DB.ExecContext(ctx, `
		WITH entry AS (
			INSERT INTO ledger (account_id, amount_cents, event_id) VALUES ($1, $2, $3)
			ON CONFLICT (event_id) DO NOTHING
			RETURNING account_id, amount_cents
		)
		UPDATE accounts SET balance_cents = accounts.balance_cents + entry.amount_cents
		FROM entry WHERE accounts.id = entry.account_id`,
		ev.AccountID, ev.AmountCents, ev.ID)
	return err
}
