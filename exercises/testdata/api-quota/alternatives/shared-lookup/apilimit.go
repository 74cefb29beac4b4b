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

	mu      sync.Mutex
	windows map[string]*window
}

// window is created, empty, by the first request for a key; that request
// reads the quota and closes ready. The others wait for ready instead of
// querying the same row again.
type window struct {
	ready chan struct{}
	err   error // the quota lookup failed; set before ready is closed

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
	l.mu.Lock()
	win, ok := l.windows[key]
	if !ok {
		win = &window{ready: make(chan struct{})}
		l.windows[key] = win
	}
	l.mu.Unlock()

	if !ok {
		// Only the first request reads the quota, outside the map lock.
		err := l.db.QueryRowContext(ctx, `SELECT per_minute FROM api_keys WHERE key = ?`, key).Scan(&win.quota)
		if err != nil {
			win.err = err
			l.mu.Lock()
			delete(l.windows, key) // let a later request try again
			l.mu.Unlock()
		}
		win.start = l.now()
		close(win.ready)
	}
	select {
	case <-win.ready:
	case <-ctx.Done():
		return false, ctx.Err()
	}
	if win.err != nil {
		return false, win.err
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
