package report

import (
	"context"
	"database/sql"
	"encoding/json"
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
	since := time.Now().AddDate(0, 0, -days).Unix()

	// The load balancer gives up after 10s: match it, so no query runs longer
	// than the request can wait for it.
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	rows, err := h.DB.QueryContext(ctx, `
		SELECT c.name, SUM(o.total_cents) AS revenue
		FROM orders o JOIN customers c ON c.id = o.customer_id
		WHERE o.created_at >= ?
		GROUP BY c.id
		ORDER BY revenue DESC, c.name
		LIMIT 10`, since)
	if err != nil {
		http.Error(w, "report unavailable", http.StatusServiceUnavailable)
		return
	}
	defer rows.Close()

	out := []CustomerRevenue{}
	for rows.Next() {
		var c CustomerRevenue
		if err := rows.Scan(&c.Customer, &c.RevenueCents); err != nil {
			http.Error(w, "report unavailable", http.StatusServiceUnavailable)
			return
		}
		out = append(out, c)
	}
	if err := rows.Err(); err != nil {
		http.Error(w, "report unavailable", http.StatusServiceUnavailable)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	json.NewEncoder(w).Encode(out)
}
