// Package inplace holds handler literals that the function creating them
// runs there and then (not concurrent: their captured locals belong to one
// call), each beside a look-alike that is served concurrently.
package inplace

import (
	"errors"
	"net/http"
	"net/http/httptest"
	"sync"
)

type Creds struct{ Name string }

func identity(r *http.Request) *Creds { return &Creds{Name: r.Header.Get("X-User")} }

// Connector is the dex shape: a middleware factory kept in a field.
type Connector struct {
	authenticate func(inner http.Handler) http.Handler
	stats        *Stats
	mux          *http.ServeMux
	kept         []http.Handler
}

type Stats struct{ tries int }

var attempts int

// --- negatives ---------------------------------------------------------

// TrySPNEGO wraps a literal in middleware and runs it at once: id and
// innerErr are fresh on every call, read only after ServeHTTP returns.
func (c *Connector) TrySPNEGO(w http.ResponseWriter, r *http.Request) (*Creds, error) {
	var (
		id       *Creds
		innerErr error
	)
	inner := http.HandlerFunc(func(_ http.ResponseWriter, rr *http.Request) {
		ident := identity(rr)
		if ident == nil {
			innerErr = errors.New("no identity")
			return
		}
		id = ident
	})
	rec := httptest.NewRecorder()
	c.authenticate(inner).ServeHTTP(rec, r)
	return id, innerErr
}

func withLogging(next http.Handler) http.Handler { return next }

func withAuth(next http.Handler) (http.Handler, error) { return next, nil }

// Chained runs the literal through two wrappers and a deferred direct call.
func Chained(w http.ResponseWriter, r *http.Request) (int, error) {
	status := 0
	seen := map[string]bool{}
	var result struct{ code int }
	inner := func(w http.ResponseWriter, r *http.Request) {
		status++
		seen[r.URL.Path] = true
		result.code = http.StatusOK
	}
	h, err := withAuth(withLogging(http.HandlerFunc(inner)))
	if err != nil {
		return 0, err
	}
	h.ServeHTTP(w, r)
	defer inner(w, r)
	return status + result.code, nil
}

type recorder struct{ code int }

// Recorded fills a recorder and a map made for this call.
func Recorded(r *http.Request) (int, map[string]int) {
	rec := &recorder{}
	counts := map[string]int{}
	var lastPath string
	inner := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rec.code = http.StatusOK
		counts[r.URL.Path]++
		lastPath = r.URL.Path
	})
	inner.ServeHTTP(httptest.NewRecorder(), r)
	_ = lastPath
	return rec.code, counts
}

// Probe calls a literal with the handler signature directly.
func Probe(r *http.Request) int {
	n := 0
	probe := func(w http.ResponseWriter, r *http.Request) { n++ }
	probe(httptest.NewRecorder(), r)
	return n
}

// --- positives ---------------------------------------------------------

// Counter is a middleware factory: the counter is shared by every request
// the returned handler serves.
func Counter(next http.Handler) http.Handler {
	var served int
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		served++ // want `served is updated by concurrent handlers`
		next.ServeHTTP(w, r)
	})
	return withLogging(h)
}

// Setup registers a literal writing a local of the set-up function: one
// variable for all requests.
func Setup(mux *http.ServeMux) {
	var last string
	hits := map[string]int{}
	mux.HandleFunc("/last", func(w http.ResponseWriter, r *http.Request) {
		last = r.URL.Path // want `last is written by concurrent handlers`
	})
	mux.Handle("/hits", withLogging(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits[r.URL.Path]++ // want `hits is written by concurrent handlers`
	})))
	_ = last
}

// Warmed runs the literal once in place, then registers it.
func (c *Connector) Warmed(r *http.Request) {
	calls := 0
	inner := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		calls++ // want `calls is updated by concurrent handlers`
	})
	inner.ServeHTTP(httptest.NewRecorder(), r)
	c.mux.Handle("/", inner)
}

// Kept stores the literal, and Dropped hands it to a wrapper whose result
// is never run: either may serve it later, on any goroutine.
func (c *Connector) Kept() {
	n := 0
	c.kept = append(c.kept, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n++ // want `n is updated by concurrent handlers`
	}))
}

func (c *Connector) Dropped() {
	n := 0
	withLogging(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n++ // want `n is updated by concurrent handlers`
	}))
}

// Shared runs the literal in place, but what it writes is reached through a
// pointer to state every call shares, or is a package variable.
func (c *Connector) Shared(r *http.Request) {
	s := c.stats
	inner := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.tries++  // want `tries is updated by concurrent handlers`
		attempts++ // want `attempts is updated by concurrent handlers`
	})
	inner.ServeHTTP(httptest.NewRecorder(), r)
}

// Borrowed runs the literal in place, but its variables hold the
// connector's map and recorder, shared by every call.
func (c *Connector) Borrowed(r *http.Request, shared map[string]int, global *recorder) {
	counts := shared
	rec := global
	var later map[string]int
	inner := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		counts[r.URL.Path]++ // want `counts is written by concurrent handlers`
		rec.code++           // want `code is updated by concurrent handlers`
		later = shared
		later["x"] = 1 // want `later is written by concurrent handlers`
	})
	inner.ServeHTTP(httptest.NewRecorder(), r)
}

// Fanout serves the literal from goroutines: concurrent, whatever the
// variable's scope.
func Fanout(rs []*http.Request) int {
	served, started := 0, 0
	inner := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		served++ // want `served is updated by concurrent handlers`
	})
	spawned := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		started++ // want `started is updated by concurrent handlers`
	})
	var wg sync.WaitGroup
	for _, r := range rs {
		wg.Add(1)
		go func() { defer wg.Done(); inner.ServeHTTP(httptest.NewRecorder(), r) }()
		go spawned.ServeHTTP(httptest.NewRecorder(), r)
	}
	wg.Wait()
	return served + started
}

// Spawning runs a literal in place that itself starts goroutines in a loop:
// they share the literal's variable.
func Spawning(r *http.Request, jobs []int) int {
	done := 0
	inner := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var wg sync.WaitGroup
		for range jobs {
			wg.Add(1)
			go func() {
				defer wg.Done()
				done++ // want `done is updated by concurrent goroutines`
			}()
		}
		wg.Wait()
	})
	inner.ServeHTTP(httptest.NewRecorder(), r)
	return done
}
