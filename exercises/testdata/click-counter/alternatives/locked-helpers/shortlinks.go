package shortlinks

import (
	"context"
	"database/sql"
	"errors"
	"net/http"
	"strings"
	"sync"
)

// Redirector serves short links (GET /{code}) and counts clicks in memory; a
// background job calls Flush every few seconds to persist the counts.
type Redirector struct {
	db *sql.DB

	mu     sync.Mutex
	clicks map[string]int64 // clicks per code since the last Flush; guarded by mu
}

func (h *Redirector) count(code string) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.clicks[code]++
}

// takeBatch hands the counts to the caller and starts an empty batch.
func (h *Redirector) takeBatch() map[string]int64 {
	h.mu.Lock()
	defer h.mu.Unlock()
	batch := h.clicks
	h.clicks = make(map[string]int64, len(batch))
	return batch
}

func NewRedirector(db *sql.DB) *Redirector {
	return &Redirector{db: db, clicks: make(map[string]int64)}
}

func (h *Redirector) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	code := strings.TrimPrefix(r.URL.Path, "/")
	var target string
	err := h.db.QueryRowContext(r.Context(), `SELECT target FROM links WHERE code = ?`, code).Scan(&target)
	if errors.Is(err, sql.ErrNoRows) {
		http.NotFound(w, r)
		return
	}
	if err != nil {
		http.Error(w, "link lookup failed", http.StatusInternalServerError)
		return
	}
	h.count(code)
	http.Redirect(w, r, target, http.StatusFound)
}

// Flush adds the clicks counted since the last Flush to links.clicks. Click
// counts are best-effort analytics: a batch that fails to save is dropped.
func (h *Redirector) Flush(ctx context.Context) error {
	batch := h.takeBatch()
	for code, n := range batch {
		if _, err := h.db.ExecContext(ctx, `UPDATE links SET clicks = clicks + ? WHERE code = ?`, n, code); err != nil {
			return err
		}
	}
	return nil
}
