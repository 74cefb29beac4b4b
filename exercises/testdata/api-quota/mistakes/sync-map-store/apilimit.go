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

	windows sync.Map // API key -> *window
}

type window struct {
	mu    sync.Mutex
	quota int
	start time.Time
	used  int
}

func NewLimiter(db *sql.DB, now func() time.Time) *Limiter {
	return &Limiter{db: db, now: now}
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
	v, ok := l.windows.Load(key)
	if !ok {
		var quota int
		err := l.db.QueryRowContext(ctx, `SELECT per_minute FROM api_keys WHERE key = ?`, key).Scan(&quota)
		if err != nil {
			return false, err
		}
		// sync.Map is safe for concurrent use: no lock needed.
		v = &window{quota: quota, start: l.now()}
		l.windows.Store(key, v)
	}
	win := v.(*window)

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
