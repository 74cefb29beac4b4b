package report

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"log"
	"net/http"
	"strconv"
	"time"
)

type CustomerRevenue struct {
	Customer     string `json:"customer"`
	RevenueCents int64  `json:"revenue_cents"`
}

type TopCustomers struct{ DB *sql.DB }

// ServeHTTP serves GET /reports/top-customers?days=N: the ten customers
// with the highest revenue over the last N days (default 90).
func (h *TopCustomers) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	days := 90
	if s := r.URL.Query().Get("days"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 || n > 366 {
			http.Error(w, "days must be between 1 and 366", http.StatusBadRequest)
			return
		}
		days = n
	}
	// The load balancer gives up after 10s; an answer after that is never
	// read, so stop there (or as soon as the client leaves).
	ctx, cancel := context.WithTimeout(r.Context(), 10*time.Second)
	defer cancel()
	out, err := h.top(ctx, time.Now().AddDate(0, 0, -days))
	if err != nil {
		log.Printf("top customers: %v", err)
		http.Error(w, "report unavailable", http.StatusServiceUnavailable)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	json.NewEncoder(w).Encode(out)
}

// top returns the ten customers with the highest revenue since since. It
// stops, and frees its connection, when ctx is done.
func (h *TopCustomers) top(ctx context.Context, since time.Time) ([]CustomerRevenue, error) {
	rows, err := h.DB.QueryContext(ctx, `
		SELECT c.name, SUM(o.total_cents) AS revenue
		FROM orders o JOIN customers c ON c.id = o.customer_id
		WHERE o.created_at >= ?
		GROUP BY c.id
		ORDER BY revenue DESC, c.name
		LIMIT 10`, since.Unix())
	if err != nil {
		return nil, fmt.Errorf("query: %w", err)
	}
	defer rows.Close()
	out := []CustomerRevenue{}
	for rows.Next() {
		var c CustomerRevenue
		if err := rows.Scan(&c.Customer, &c.RevenueCents); err != nil {
			return nil, fmt.Errorf("scan: %w", err)
		}
		out = append(out, c)
	}
	return out, rows.Err()
}
