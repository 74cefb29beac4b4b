// Package served holds functions with the handler signature that are, and
// are not, served, and methods followed from a handler down to
// maxCallDepth.
package served

import "net/http"

var hits, calls, direct, viaMethod, viaParens, tested int

// Passed to the mux as a value: served.
func count(w http.ResponseWriter, r *http.Request) {
	hits++ // want `hits is updated by concurrent handlers without a lock`
}

// Only ever called: a helper of something else, not served.
func helper(w http.ResponseWriter, r *http.Request) {
	direct++
}

// Called through parentheses: still a call.
func wrapped(w http.ResponseWriter, r *http.Request) {
	viaParens++
}

type Site struct {
	n, deep, deeper int
}

// A method with the handler signature that is only called.
func (s *Site) render(w http.ResponseWriter, r *http.Request) {
	viaMethod++
}

func (s *Site) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	helper(w, r)
	(wrapped)(w, r)
	s.render(w, r)
	s.record()
}

// One call below the handler.
func (s *Site) record() {
	s.n++ // want `n is updated by concurrent handlers without a lock`
	s.bump()
}

// Two calls below: still followed.
func (s *Site) bump() {
	s.deep++ // want `deep is updated by concurrent handlers without a lock`
	s.bumpMore()
}

// Three calls below: past maxCallDepth.
func (s *Site) bumpMore() {
	s.deeper++
}

// An update computed in more than one step is still read-modify-write.
func (s *Site) Scale(w http.ResponseWriter, r *http.Request) {
	calls = calls*2 + 1 // want `calls is updated by concurrent handlers without a lock`
}

func Routes(mux *http.ServeMux, s *Site) {
	mux.HandleFunc("/count", count)
	mux.HandleFunc("/scale", s.Scale)
	mux.Handle("/", s)
}
