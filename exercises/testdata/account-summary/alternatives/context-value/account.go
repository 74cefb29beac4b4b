package account

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"net/http"
	"strconv"
)

type Order struct {
	ID         int64 `json:"id"`
	TotalCents int64 `json:"total_cents"`
}

// Summary is the payload of the account page.
type Summary struct {
	CustomerID int64   `json:"customer_id"`
	Name       string  `json:"name"`
	Orders     []Order `json:"orders"`
}

// SummaryHandler serves GET /account/summary for the signed-in customer. The
// auth gateway sets X-Customer-ID after validating the session.
type SummaryHandler struct {
	db *sql.DB
}

// customerKey carries the signed-in customer's id in the request context, so
// helpers read the id of their own request and never a shared field.
type customerKey struct{}

func NewSummaryHandler(db *sql.DB) *SummaryHandler { return &SummaryHandler{db: db} }

func (h *SummaryHandler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	id, err := strconv.ParseInt(r.Header.Get("X-Customer-ID"), 10, 64)
	if err != nil || id <= 0 {
		http.Error(w, "not signed in", http.StatusUnauthorized)
		return
	}
	ctx := context.WithValue(r.Context(), customerKey{}, id)
	s := Summary{CustomerID: id}
	err = h.db.QueryRowContext(ctx, `SELECT name FROM customers WHERE id = ?`, id).Scan(&s.Name)
	if err != nil {
		http.Error(w, "loading account failed", http.StatusInternalServerError)
		return
	}
	if s.Orders, err = h.recentOrders(ctx); err != nil {
		http.Error(w, "loading orders failed", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	json.NewEncoder(w).Encode(s)
}

// recentOrders returns the ten most recent orders of the customer in ctx,
// newest first.
func (h *SummaryHandler) recentOrders(ctx context.Context) ([]Order, error) {
	customer, ok := ctx.Value(customerKey{}).(int64)
	if !ok {
		return nil, errors.New("account: no customer in context")
	}
	rows, err := h.db.QueryContext(ctx,
		`SELECT id, total_cents FROM orders WHERE customer_id = ? ORDER BY id DESC LIMIT 10`, customer)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var orders []Order
	for rows.Next() {
		var o Order
		if err := rows.Scan(&o.ID, &o.TotalCents); err != nil {
			return nil, err
		}
		orders = append(orders, o)
	}
	return orders, rows.Err()
}
