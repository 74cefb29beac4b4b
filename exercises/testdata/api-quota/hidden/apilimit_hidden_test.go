package apilimit

import (
	"io"
	"net/http"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"drill.workspace/harness"
)

const schema = `CREATE TABLE api_keys(key TEXT PRIMARY KEY, per_minute INTEGER NOT NULL);
INSERT INTO api_keys(key, per_minute) VALUES ('k-basic', 10), ('k-small', 3);`

// clock is a frozen clock the test moves by hand, so no window rolls over
// in the middle of a burst. With lag set, reading it also takes that long:
// a slow clock widens the gap between deciding a key has no window and
// storing one, wherever the code reads the time in between.
type clock struct {
	mu  sync.Mutex
	t   time.Time
	lag time.Duration
}

func (c *clock) now() time.Time {
	c.mu.Lock()
	t, lag := c.t, c.lag
	c.mu.Unlock()
	time.Sleep(lag)
	return t
}

func (c *clock) setLag(d time.Duration) {
	c.mu.Lock()
	c.lag = d
	c.mu.Unlock()
}

func (c *clock) advance(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

type fixture struct {
	db     *harness.DB
	clock  *clock
	srv    *harness.Server
	client *http.Client
	served atomic.Int64 // requests that reached the API handler
}

func setup(t *testing.T) *fixture {
	t.Helper()
	f := &fixture{db: harness.OpenDB(t, schema), clock: &clock{t: time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)}}
	api := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		f.served.Add(1)
		io.WriteString(w, "ok")
	})
	f.srv = harness.NewServer(t, NewLimiter(f.db.DB, f.clock.now).Middleware(api))
	f.client = &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 64}}
	t.Cleanup(f.client.CloseIdleConnections)
	return f
}

func (f *fixture) call(key string) (int, string) {
	req, _ := http.NewRequest(http.MethodGet, f.srv.URL+"/v1/quotes", nil)
	req.Header.Set("X-API-Key", key)
	resp, err := f.client.Do(req)
	if err != nil {
		return 0, err.Error()
	}
	defer resp.Body.Close()
	io.Copy(io.Discard, resp.Body)
	return resp.StatusCode, resp.Header.Get("Retry-After")
}

// warm opens n HTTP and n database connections ahead of a burst, with n
// concurrent requests from a key that has no quota row (so nothing is
// cached), and keeps them open: the burst's requests then reach the quota
// lookup together instead of staggered by connection setup.
func (f *fixture) warm(n int) {
	f.db.SetMaxIdleConns(n)
	f.burst(n, func(int) string { return "k-warm-up" })
	f.db.ResetQueries()
}

// burst sends n concurrent requests, key(i) choosing each one's key, and
// counts the answers by status per key.
func (f *fixture) burst(n int, key func(i int) string) map[string]map[int]int {
	var mu sync.Mutex
	got := map[string]map[int]int{}
	harness.Concurrently(n, func(i int) {
		k := key(i)
		status, _ := f.call(k)
		mu.Lock()
		if got[k] == nil {
			got[k] = map[int]int{}
		}
		got[k][status]++
		mu.Unlock()
	})
	return got
}

func TestBurstFromOneKeyGetsExactlyItsQuota(t *testing.T) {
	// Fresh limiters, so every round starts with the key unseen.
	for round := 1; round <= 2; round++ {
		f := setup(t)
		f.db.SetReadDelay(20 * time.Millisecond) // a realistic quota lookup
		f.warm(32)
		f.clock.setLag(2 * time.Millisecond)

		got := f.burst(32, func(int) string { return "k-basic" })["k-basic"]

		if got[http.StatusOK] != 10 || got[http.StatusTooManyRequests] != 22 {
			t.Fatalf("round %d: 32 concurrent first requests from a key allowed 10 per minute: %d allowed, %d rejected with 429 (statuses %v), want exactly 10 allowed and 22 rejected: concurrent first requests each created their own quota window, and all but one of those windows (with the requests counted in them) were thrown away", round, got[http.StatusOK], got[http.StatusTooManyRequests], got)
		}
		if n := f.served.Load(); n != 10 {
			t.Fatalf("round %d: the API handler ran %d times, want 10", round, n)
		}
	}
}

func TestBurstAcrossKeysKeepsEachQuota(t *testing.T) {
	f := setup(t)
	f.db.SetReadDelay(20 * time.Millisecond)
	f.warm(32)
	f.clock.setLag(2 * time.Millisecond)

	got := f.burst(32, func(i int) string {
		if i%2 == 0 {
			return "k-basic"
		}
		return "k-small"
	})

	if got["k-basic"][http.StatusOK] != 10 || got["k-small"][http.StatusOK] != 3 {
		t.Fatalf("16 concurrent requests each from k-basic (10/min) and k-small (3/min): allowed %d and %d, want 10 and 3 (statuses %v)", got["k-basic"][http.StatusOK], got["k-small"][http.StatusOK], got)
	}
}

func TestQuotaResetsEveryMinute(t *testing.T) {
	f := setup(t)
	for i := range 3 {
		if status, _ := f.call("k-small"); status != http.StatusOK {
			t.Fatalf("request %d of 3 within the quota: status %d, want 200", i+1, status)
		}
	}
	status, retry := f.call("k-small")
	if status != http.StatusTooManyRequests || retry == "" {
		t.Fatalf("4th request within the minute: status %d, Retry-After %q; want 429 with Retry-After", status, retry)
	}
	if status, _ := f.call("k-basic"); status != http.StatusOK {
		t.Fatalf("another key was limited by k-small's quota: status %d", status)
	}
	f.clock.advance(59 * time.Second)
	if status, _ := f.call("k-small"); status != http.StatusTooManyRequests {
		t.Fatalf("request 59s into the window: status %d, want 429", status)
	}
	f.clock.advance(2 * time.Second)
	if status, _ := f.call("k-small"); status != http.StatusOK {
		t.Fatalf("first request of the next minute: status %d, want 200", status)
	}
	if n := f.served.Load(); n != 5 {
		t.Fatalf("the API handler ran %d times, want 5", n)
	}
}

func TestUnknownKeyIsNotLetThrough(t *testing.T) {
	f := setup(t)
	if status, _ := f.call("k-revoked"); status == http.StatusOK || f.served.Load() != 0 {
		t.Fatalf("a key without a quota row got status %d and reached the API", status)
	}
}

// TestSlowLookupDoesNotStallKnownKeys: the brief keeps the quota lookup out
// of the lock so that one slow query does not stall every other client.
func TestSlowLookupDoesNotStallKnownKeys(t *testing.T) {
	f := setup(t)
	if status, _ := f.call("k-small"); status != http.StatusOK {
		t.Fatalf("first request from k-small: status %d, want 200", status)
	}
	const slow = 500 * time.Millisecond
	f.db.SetReadDelay(slow)
	f.db.ResetQueries()

	first := make(chan int, 1)
	go func() {
		status, _ := f.call("k-basic") // a key not seen yet: its quota is read now
		first <- status
	}()
	for deadline := time.Now().Add(2 * time.Second); f.db.QueryCount() == 0; time.Sleep(time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("the first request from k-basic sent no quota query within 2s")
		}
	}

	start := time.Now()
	status, _ := f.call("k-small")
	took := time.Since(start)
	if status != http.StatusOK {
		t.Fatalf("second request from k-small: status %d, want 200", status)
	}
	if took > 200*time.Millisecond {
		t.Fatalf("a request from k-small, a key already seen, took %v while k-basic's quota lookup was slow (%v): the lookup holds the limiter's lock, so one slow query stalls every client. Keep the query outside the lock and make only the store atomic.", took.Round(time.Millisecond), slow)
	}
	if status := <-first; status != http.StatusOK {
		t.Fatalf("first request from k-basic: status %d, want 200", status)
	}
}
