// Package lazyinit holds lazy initialisation of shared state: a check and
// a set that concurrent handlers can interleave, beside the sync.Once and
// locked forms that cannot.
package lazyinit

import (
	"net/http"
	"sync"
)

type templates struct{ pages map[string]string }

func load() *templates { return &templates{pages: map[string]string{}} }

var cache *templates

// Pages builds the cache on first use: two first requests both see nil and
// both write it.
func Pages(w http.ResponseWriter, r *http.Request) {
	if cache == nil {
		cache = load() // want `cache is written by concurrent handlers without a lock`
	}
	_ = cache.pages[r.URL.Path]
}

type Server struct {
	mu    sync.Mutex
	once  sync.Once
	tmpl  *templates
	tmpl2 *templates
	tmpl3 *templates
}

// The same through a handler's field.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if s.tmpl == nil {
		s.tmpl = load() // want `tmpl is written by concurrent handlers without a lock`
	}
}

// Once: built exactly once, and every caller waits for it.
func (s *Server) Once(w http.ResponseWriter, r *http.Request) {
	s.once.Do(func() { s.tmpl2 = load() })
	_ = s.tmpl2
}

// Locked across the check and the set.
func (s *Server) Locked(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	if s.tmpl3 == nil {
		s.tmpl3 = load()
	}
	t := s.tmpl3
	s.mu.Unlock()
	_ = t
}

func Routes(s *Server) {
	http.HandleFunc("/pages", Pages)
	http.Handle("/", s)
	http.HandleFunc("/once", s.Once)
	http.HandleFunc("/locked", s.Locked)
}
