package catalog

import (
	"database/sql"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
)

type Product struct {
	ID         int64  `json:"id"`
	Name       string `json:"name"`
	PriceCents int64  `json:"price_cents"`
}

type Handler struct {
	DB *sql.DB
}

// ListProducts serves GET /products?category=books&sort=-price_cents.
// sort is one of name, price_cents or created_at, optionally prefixed with
// "-" for descending order; the storefront's sort dropdown sends it.
func (h *Handler) ListProducts(w http.ResponseWriter, r *http.Request) {
	category := r.URL.Query().Get("category")
	if category == "" {
		http.Error(w, "category is required", http.StatusBadRequest)
		return
	}
	order := "id"
	if s := r.URL.Query().Get("sort"); s != "" {
		if strings.ContainsAny(s, " ;'\"()") {
			http.Error(w, "invalid sort column", http.StatusBadRequest)
			return
		}
		order = strings.TrimPrefix(s, "-")
		if strings.HasPrefix(s, "-") {
			order += " DESC"
		}
	}
	q := fmt.Sprintf(`SELECT id, name, price_cents FROM products
		WHERE category = ? ORDER BY %s LIMIT 100`, order)
	rows, err := h.DB.QueryContext(r.Context(), q, category)
	if err != nil {
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	defer rows.Close()

	products := []Product{}
	for rows.Next() {
		var p Product
		if err := rows.Scan(&p.ID, &p.Name, &p.PriceCents); err != nil {
			http.Error(w, "internal error", http.StatusInternalServerError)
			return
		}
		products = append(products, p)
	}
	if err := rows.Err(); err != nil {
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	json.NewEncoder(w).Encode(products)
}
