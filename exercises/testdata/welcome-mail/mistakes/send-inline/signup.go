package signup

import (
	"context"
	"database/sql"
	"encoding/json"
	"log"
	"net/http"
	"strings"
	"sync"
)

// Mailer sends transactional mail through the provider's HTTP API.
type Mailer interface {
	Send(ctx context.Context, to, subject, body string) error
}

type Handler struct {
	DB     *sql.DB
	Mailer Mailer
	bg     sync.WaitGroup
}

// ServeHTTP handles POST /signup {"email": "..."}: it creates the account,
// answers 201 at once and sends the welcome mail in the background.
func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	var req struct {
		Email string `json:"email"`
	}
	if err := json.NewDecoder(r.Body).Decode(&req); err != nil || !strings.Contains(req.Email, "@") {
		http.Error(w, "a valid email is required", http.StatusBadRequest)
		return
	}
	res, err := h.DB.ExecContext(r.Context(),
		`INSERT INTO users (email) VALUES (?) ON CONFLICT (email) DO NOTHING`, req.Email)
	if err != nil {
		http.Error(w, "signup failed", http.StatusInternalServerError)
		return
	}
	if n, err := res.RowsAffected(); err != nil || n == 0 {
		http.Error(w, "this email is already registered", http.StatusConflict)
		return
	}

	// Send before answering, while the request's context is still alive.
	ctx := r.Context()
	if err := h.Mailer.Send(ctx, req.Email, "Welcome aboard", "Thanks for signing up!"); err != nil {
		log.Printf("signup: welcome mail to %s: %v", req.Email, err)
	} else if _, err := h.DB.ExecContext(ctx,
		`UPDATE users SET welcomed = 1 WHERE email = ?`, req.Email); err != nil {
		log.Printf("signup: marking %s welcomed: %v", req.Email, err)
	}
	w.WriteHeader(http.StatusCreated)
}

// Wait blocks until every background mail has been handled; the server
// calls it during graceful shutdown.
func (h *Handler) Wait() { h.bg.Wait() }
