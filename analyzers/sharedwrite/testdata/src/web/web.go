package web

import (
	"encoding/json"
	"net/http"
	"sync"
	"sync/atomic"
	"time"
)

type User struct {
	ID   string
	Name string
}

type Store struct{}

func (s *Store) Find(id string) (User, error) { return User{ID: id}, nil }

// --- positives ---------------------------------------------------------

// StatsHandler counts hits per path in a plain map.
type StatsHandler struct {
	hits  map[string]int
	count int
}

func (h *StatsHandler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	h.hits[r.URL.Path]++ // want `hits is written by concurrent handlers without a lock: concurrent map writes crash the process \(use a sync.Mutex or sync.Map\)`
	h.count++            // want `count is updated by concurrent handlers without a lock: increments are lost`
	w.WriteHeader(http.StatusNoContent)
}

// UserHandler caches users in a field map (catalogue #7).
type UserHandler struct {
	store *Store
	cache map[string]User
}

func (h *UserHandler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	u, ok := h.cache[id]
	if !ok {
		u, _ = h.store.Find(id)
		h.cache[id] = u // want `cache is written by concurrent handlers`
	}
	json.NewEncoder(w).Encode(u)
}

// OrderHandler parks per-request data on the shared value (catalogue #45).
type OrderHandler struct {
	store       *Store
	currentUser string
}

func (h *OrderHandler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	h.currentUser = r.Header.Get("X-User") // want `currentUser is written by concurrent handlers without a lock: one request can read another request's value`
	u, _ := h.store.Find(h.currentUser)
	json.NewEncoder(w).Encode(u)
}

type Event struct {
	Kind string
	At   time.Time
}

// Server registers method values on a mux.
type Server struct {
	mu       sync.Mutex
	sessions map[string]User
	events   []Event
	recent   map[string]time.Time
}

func (s *Server) Routes() *http.ServeMux {
	mux := http.NewServeMux()
	mux.HandleFunc("POST /events", s.postEvent)
	mux.HandleFunc("POST /logout", s.logout)
	mux.Handle("GET /seen", http.HandlerFunc(s.seen))
	mux.HandleFunc("GET /safe", s.safe)
	return mux
}

func (s *Server) postEvent(w http.ResponseWriter, r *http.Request) {
	s.events = append(s.events, Event{Kind: r.FormValue("kind"), At: time.Now()}) // want `events is appended to by concurrent handlers without a lock`
}

func (s *Server) logout(w http.ResponseWriter, r *http.Request) {
	c, err := r.Cookie("sid")
	if err != nil {
		return
	}
	delete(s.sessions, c.Value) // want `sessions is written by concurrent handlers`
}

func (s *Server) seen(w http.ResponseWriter, r *http.Request) {
	s.remember(r.RemoteAddr)
}

// remember is not a handler, but a handler calls it on the shared server.
func (s *Server) remember(addr string) {
	s.recent[addr] = time.Now() // want `recent is written by concurrent handlers`
}

var lastVisitor string

func hello(w http.ResponseWriter, r *http.Request) {
	lastVisitor = r.RemoteAddr // want `lastVisitor is written by concurrent handlers`
	w.Write([]byte("hello"))
}

// Register uses closures and plain functions as handlers.
func Register(mux *http.ServeMux) {
	visits := map[string]int{}
	mux.HandleFunc("/visit", func(w http.ResponseWriter, r *http.Request) {
		visits[r.URL.Path]++ // want `visits is written by concurrent handlers`
	})
	http.HandleFunc("/hello", hello)
}

// Counting is middleware with a captured counter.
func Counting(next http.Handler) http.Handler {
	var served int
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		served++ // want `served is updated by concurrent handlers`
		next.ServeHTTP(w, r)
	})
}

// --- negatives ---------------------------------------------------------

func (s *Server) safe(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.events = append(s.events, Event{Kind: "safe"})
	s.recent[r.RemoteAddr] = time.Now()
}

// LockedStats guards its map with a mutex and unlocks before writing out.
type LockedStats struct {
	mu   sync.RWMutex
	hits map[string]int
}

func (h *LockedStats) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	h.mu.Lock()
	h.hits[r.URL.Path]++
	n := h.hits[r.URL.Path]
	h.mu.Unlock()
	json.NewEncoder(w).Encode(n)
}

// AtomicStats uses sync.Map and atomic counters.
type AtomicStats struct {
	hits  sync.Map
	count atomic.Int64
	bytes int64
}

func (h *AtomicStats) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	h.hits.Store(r.URL.Path, time.Now())
	h.count.Add(1)
	atomic.AddInt64(&h.bytes, r.ContentLength)
}

type response struct {
	User  User
	Count int
	Tags  map[string]bool
}

// Fresh writes only a local struct, the request and the response.
type Fresh struct{ store *Store }

func (h *Fresh) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	var resp response
	resp.User, _ = h.store.Find(r.PathValue("id"))
	resp.Count++
	resp.Tags = map[string]bool{}
	resp.Tags["new"] = true
	out := &response{}
	out.Count = 2
	r.Header.Set("X-Seen", "1")
	w.Header().Set("Content-Type", "application/json")
	json.NewEncoder(w).Encode(resp)
}

// Cache locks inside its own methods; the handler calls them.
type Cache struct {
	mu sync.Mutex
	m  map[string]User
}

func (c *Cache) Put(k string, u User) {
	c.mu.Lock()
	c.m[k] = u
	c.mu.Unlock()
}

type CachedHandler struct {
	cache *Cache
	store *Store
}

func (h *CachedHandler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	u, _ := h.store.Find(r.PathValue("id"))
	h.cache.Put(u.ID, u)
	json.NewEncoder(w).Encode(u)
}

// ValueHandler has a value receiver: h.served++ changes a copy (a different
// bug, not a race).
type ValueHandler struct{ served int }

func (h ValueHandler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	h.served++
}

// Configure is not a handler: it runs once at start-up.
func (s *Server) Configure() {
	s.sessions = map[string]User{}
	s.recent = map[string]time.Time{}
	s.events = nil
}

// NewStats writes fields before the handler is shared.
func NewStats() *StatsHandler {
	h := &StatsHandler{}
	h.hits = map[string]int{}
	h.count = 0
	return h
}

// PerRequest builds a handler closure inside a request: the captured status
// belongs to that one request.
func PerRequest(w http.ResponseWriter, r *http.Request) {
	status := 0
	inner := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		status = http.StatusOK
		w.WriteHeader(status)
	})
	inner.ServeHTTP(w, r)
	_ = status
}

// Once initialises the shared map exactly once.
type Lazy struct {
	once  sync.Once
	names map[string]string
}

func (h *Lazy) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	h.once.Do(func() { h.names = map[string]string{} })
	w.Write([]byte(h.names[r.URL.Path]))
}

// LoadStoreStats makes each access to the counters atomic but not the
// increment itself.
type LoadStoreStats struct {
	count atomic.Int64
	bytes int64
	last  atomic.Int64
}

func (h *LoadStoreStats) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	h.count.Store(h.count.Load() + 1)                                       // want `count is incremented by concurrent handlers with an atomic Load and a separate Store`
	atomic.StoreInt64(&h.bytes, atomic.LoadInt64(&h.bytes)+r.ContentLength) // want `bytes is incremented by concurrent handlers with an atomic Load and a separate Store`
	h.last.Store(time.Now().UnixNano())                                     // a plain atomic store: fine
}
