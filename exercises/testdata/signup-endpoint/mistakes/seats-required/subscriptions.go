package subscriptions

import (
	"database/sql"
	"encoding/json"
	"net/http"
)

type createRequest struct {
	Email string `json:"email"`
	Plan  string `json:"plan"`
	Seats int    `json:"seats"` // optional, defaults to 1
}

type Subscription struct {
	ID    int64  `json:"id"`
	Email string `json:"email"`
	Plan  string `json:"plan"`
	Seats int    `json:"seats"`
}

type Handler struct {
	DB *sql.DB
}

// Create serves POST /subscriptions for the pricing page's signup form.
// The new subscription is billed per seat from the first invoice on.
func (h *Handler) Create(w http.ResponseWriter, r *http.Request) {
	var req createRequest
	json.NewDecoder(http.MaxBytesReader(w, r.Body, 1<<20)).Decode(&req)
	// A seats value that did not decode ends up as 0: refuse it.
	if req.Seats < 1 {
		http.Error(w, "seats must be a positive number", http.StatusBadRequest)
		return
	}

	if req.Email == "" || req.Plan == "" {
		http.Error(w, "email and plan are required", http.StatusUnprocessableEntity)
		return
	}
	if req.Seats < 0 {
		http.Error(w, "seats must be positive", http.StatusUnprocessableEntity)
		return
	}
	if req.Seats == 0 {
		req.Seats = 1
	}
	res, err := h.DB.ExecContext(r.Context(),
		`INSERT INTO subscriptions(email, plan, seats) VALUES (?, ?, ?)`, req.Email, req.Plan, req.Seats)
	if err != nil {
		http.Error(w, "could not create subscription", http.StatusInternalServerError)
		return
	}
	sub := Subscription{Email: req.Email, Plan: req.Plan, Seats: req.Seats}
	sub.ID, _ = res.LastInsertId()

	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(http.StatusCreated)
	json.NewEncoder(w).Encode(sub)
}
