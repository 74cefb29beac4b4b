package payments

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"net/http"
)

// Schema is the payment service's migration.
const Schema = `
CREATE TABLE payments (
	id BIGSERIAL PRIMARY KEY,
	idempotency_key TEXT NOT NULL UNIQUE,
	amount_cents BIGINT NOT NULL,
	charge_id TEXT -- set before the claiming transaction commits
);`

// Gateway charges cards through the payment provider (slow: 100-800 ms).
type Gateway interface {
	Charge(ctx context.Context, customerID, amountCents int64) (chargeID string, err error)
}

type Payment struct {
	ID       int64  `json:"id"`
	ChargeID string `json:"charge_id"`
}

type Handler struct {
	DB      *sql.DB
	Gateway Gateway
}

// ServeHTTP handles POST /payments {"customer_id", "amount_cents"} with an
// Idempotency-Key header. Clients retry with the same key when they time
// out: a retry gets the original payment back instead of a second charge.
// A failed charge stores nothing, so it can be retried with the same key.
func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	key := r.Header.Get("Idempotency-Key")
	var req struct {
		CustomerID  int64 `json:"customer_id"`
		AmountCents int64 `json:"amount_cents"`
	}
	if err := json.NewDecoder(r.Body).Decode(&req); err != nil || key == "" || req.AmountCents <= 0 {
		http.Error(w, "an Idempotency-Key and a positive amount are required", http.StatusBadRequest)
		return
	}
	ctx := r.Context()
	tx, err := h.DB.BeginTx(ctx, nil)
	if err != nil {
		http.Error(w, "try again", http.StatusServiceUnavailable)
		return
	}
	defer tx.Rollback() // a failed charge leaves no claim behind

	// The uncommitted row holds the key: a concurrent INSERT of the same key
	// blocks until this transaction ends, then does nothing if it committed.
	var p Payment
	err = tx.QueryRowContext(ctx, `INSERT INTO payments (idempotency_key, amount_cents) VALUES ($1, $2)
		ON CONFLICT (idempotency_key) DO NOTHING RETURNING id`, key, req.AmountCents).Scan(&p.ID)
	if errors.Is(err, sql.ErrNoRows) {
		// Another request committed this key: replay what it stored.
		var charge sql.NullString
		if err := tx.QueryRowContext(ctx, `SELECT id, charge_id FROM payments WHERE idempotency_key = $1`, key).
			Scan(&p.ID, &charge); err != nil || !charge.Valid {
			http.Error(w, "try again", http.StatusServiceUnavailable)
			return
		}
		p.ChargeID = charge.String
		writeJSON(w, http.StatusOK, p)
		return
	}
	if err != nil {
		http.Error(w, "try again", http.StatusServiceUnavailable)
		return
	}

	if p.ChargeID, err = h.Gateway.Charge(ctx, req.CustomerID, req.AmountCents); err != nil {
		http.Error(w, "payment failed", http.StatusBadGateway)
		return
	}
	if _, err := tx.ExecContext(ctx, `UPDATE payments SET charge_id = $1 WHERE id = $2`, p.ChargeID, p.ID); err != nil {
		http.Error(w, "try again", http.StatusServiceUnavailable)
		return
	}
	if err := tx.Commit(); err != nil {
		http.Error(w, "try again", http.StatusServiceUnavailable)
		return
	}
	writeJSON(w, http.StatusCreated, p)
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(v)
}
