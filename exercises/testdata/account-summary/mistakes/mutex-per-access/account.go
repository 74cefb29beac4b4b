package account

import (
	"context"
	"database/sql"
	"encoding/json"
	"net/http"
	"strconv"
	"sync"
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
	db       *sql.DB
	mu       sync.Mutex // guards customer: requests run concurrently
	customer int64      // the signed-in customer
}

func (h *SummaryHandler) currentCustomer() int64 {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.customer
}

func NewSummaryHandler(db *sql.DB) *SummaryHandler { return &SummaryHandler{db: db} }

func (h *SummaryHandler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	id, err := strconv.ParseInt(r.Header.Get("X-Customer-ID"), 10, 64)
	if err != nil || id <= 0 {
		http.Error(w, "not signed in", http.StatusUnauthorized)
		return
	}
	h.mu.Lock()
	h.customer = id
	h.mu.Unlock()
	s := Summary{CustomerID: h.currentCustomer()}
	err = h.db.QueryRowContext(r.Context(), `SELECT name FROM customers WHERE id = ?`, h.currentCustomer()).Scan(&s.Name)
	if err != nil {
		http.Error(w, "loading account failed", http.StatusInternalServerError)
		return
	}
	if s.Orders, err = h.recentOrders(r.Context()); err != nil {
		http.Error(w, "loading orders failed", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	json.NewEncoder(w).Encode(s)
}

// recentOrders returns the customer's ten most recent orders, newest first.
func (h *SummaryHandler) recentOrders(ctx context.Context) ([]Order, error) {
	rows, err := h.db.QueryContext(ctx,
		`SELECT id, total_cents FROM orders WHERE customer_id = ? ORDER BY id DESC LIMIT 10`, h.currentCustomer())
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
