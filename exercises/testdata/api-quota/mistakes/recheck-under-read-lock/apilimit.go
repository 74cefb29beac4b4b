package apilimit

import (
	"context"
	"database/sql"
	"net/http"
	"sync"
	"time"
)

// Limiter enforces each API key's quota of requests per minute, read from
// the api_keys table the first time the key is seen. Keys are authenticated
// by an earlier middleware.
type Limiter struct {
	db  *sql.DB
	now func() time.Time // time.Now in production

	mu      sync.RWMutex
	windows map[string]*window
}

type window struct {
	mu    sync.Mutex
	quota int
	start time.Time
	used  int
}

func NewLimiter(db *sql.DB, now func() time.Time) *Limiter {
	return &Limiter{db: db, now: now, windows: make(map[string]*window)}
}

// Middleware answers 429 to requests over the caller's quota.
func (l *Limiter) Middleware(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ok, err := l.allow(r.Context(), r.Header.Get("X-API-Key"))
		if err != nil {
			http.Error(w, "rate limiter unavailable", http.StatusServiceUnavailable)
			return
		}
		if !ok {
			w.Header().Set("Retry-After", "60")
			http.Error(w, "quota exceeded", http.StatusTooManyRequests)
			return
		}
		next.ServeHTTP(w, r)
	})
}

func (l *Limiter) allow(ctx context.Context, key string) (bool, error) {
	l.mu.RLock()
	win, ok := l.windows[key]
	l.mu.RUnlock()
	if !ok {
		var quota int
		err := l.db.QueryRowContext(ctx, `SELECT per_minute FROM api_keys WHERE key = ?`, key).Scan(&quota)
		if err != nil {
			return false, err
		}
		// Look again: another request may have stored a window meanwhile.
		l.mu.RLock()
		win, ok = l.windows[key]
		l.mu.RUnlock()
		if !ok {
			win = &window{quota: quota, start: l.now()}
			l.mu.Lock()
			l.windows[key] = win
			l.mu.Unlock()
		}
	}

	win.mu.Lock()
	defer win.mu.Unlock()
	if now := l.now(); now.Sub(win.start) >= time.Minute {
		win.start, win.used = now, 0
	}
	if win.used >= win.quota {
		return false, nil
	}
	win.used++
	return true, nil
}
