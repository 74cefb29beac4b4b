package harness

import (
	"net"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"
)

// Server is a real HTTP server on loopback that counts the TCP connections
// clients open to it. A client that never closes (or never drains) response
// bodies cannot reuse its connection, so each call opens a new one: the count
// tells a leak from a well-behaved client without looking at its code.
type Server struct {
	*httptest.Server
	conns atomic.Int64
}

// NewServer starts handler on 127.0.0.1 and stops it when the test ends.
func NewServer(t testing.TB, handler http.Handler) *Server {
	t.Helper()
	s := &Server{Server: httptest.NewUnstartedServer(handler)}
	s.Config.ConnState = func(_ net.Conn, state http.ConnState) {
		if state == http.StateNew {
			s.conns.Add(1)
		}
	}
	s.Start()
	t.Cleanup(s.Close)
	return s
}

// NewConns is how many connections clients have opened so far.
func (s *Server) NewConns() int64 { return s.conns.Load() }
