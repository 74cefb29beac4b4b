package shortlinks

import (
	"context"
	"database/sql"
	"errors"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
)

// Redirector serves short links (GET /{code}) and counts clicks in memory; a
// background job calls Flush every few seconds to persist the counts.
type Redirector struct {
	db *sql.DB
	// clicks maps a code to its *atomic.Int64 counter. The set of codes is
	// small and stable, which is what sync.Map is good at; the counters are
	// only ever swapped to zero, never removed, so no increment is lost.
	clicks sync.Map
}

func NewRedirector(db *sql.DB) *Redirector {
	return &Redirector{db: db}
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
	c, _ := h.clicks.LoadOrStore(code, new(atomic.Int64))
	c.(*atomic.Int64).Add(1)
	http.Redirect(w, r, target, http.StatusFound)
}

// Flush adds the clicks counted since the last Flush to links.clicks. Click
// counts are best-effort analytics: a batch that fails to save is dropped.
func (h *Redirector) Flush(ctx context.Context) error {
	var err error
	h.clicks.Range(func(k, v any) bool {
		n := v.(*atomic.Int64).Swap(0)
		if n == 0 {
			return true
		}
		_, err = h.db.ExecContext(ctx, `UPDATE links SET clicks = clicks + ? WHERE code = ?`, n, k.(string))
		return err == nil
	})
	return err
}
