package fx

import (
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"drill.workspace/harness"
)

// provider is a fake rates API. While failing is set it answers every
// request with that status and a short JSON error body, as real providers do.
type provider struct {
	failing atomic.Int64
	// maintenance makes a proxy in front of the provider answer 200 with
	// a large HTML page, as captive portals and maintenance pages do.
	maintenance atomic.Bool
}

var maintenancePage = "<!doctype html><html><body><h1>Down for maintenance</h1>" +
	strings.Repeat("<p>We will be back shortly.</p>\n", 600) + "</body></html>\n"

func (p *provider) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if p.maintenance.Load() {
		w.Header().Set("Content-Type", "text/html")
		io.WriteString(w, maintenancePage)
		return
	}
	if status := int(p.failing.Load()); status != 0 {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(status)
		io.WriteString(w, `{"error":"provider overloaded, retry later"}`+"\n")
		return
	}
	if r.URL.Path != "/v1/rate" {
		http.NotFound(w, r)
		return
	}
	rates := map[string]string{"EUR/USD": "1.0825", "USD/JPY": "151.3"}
	rate, ok := rates[r.URL.Query().Get("base")+"/"+r.URL.Query().Get("quote")]
	if !ok {
		http.Error(w, `{"error":"unknown pair"}`, http.StatusNotFound)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	fmt.Fprintf(w, `{"base":%q,"quote":%q,"rate":%s}`+"\n", r.URL.Query().Get("base"), r.URL.Query().Get("quote"), rate)
}

// server is the provider on loopback, counting the TCP connections clients
// open and how many of them are still open.
type server struct {
	*httptest.Server
	opened, open atomic.Int64
}

func setup(t *testing.T) (*provider, *server, *Client) {
	t.Helper()
	p := &provider{}
	srv := &server{Server: httptest.NewUnstartedServer(p)}
	srv.Config.ConnState = func(_ net.Conn, state http.ConnState) {
		switch state {
		case http.StateNew:
			srv.opened.Add(1)
			srv.open.Add(1)
		case http.StateClosed, http.StateHijacked:
			srv.open.Add(-1)
		}
	}
	srv.Start()
	t.Cleanup(srv.Close)
	hc := &http.Client{Transport: &http.Transport{}, Timeout: 5 * time.Second}
	t.Cleanup(hc.CloseIdleConnections)
	return p, srv, &Client{BaseURL: srv.URL, HTTP: hc}
}

// assertReleased closes the client's idle connections and fails if any
// connection to the provider stays open: one whose response body was never
// closed is not idle, so it and its two transport goroutines stay forever.
func assertReleased(t *testing.T, srv *server, c *Client, calls string) {
	t.Helper()
	c.HTTP.CloseIdleConnections()
	deadline := time.Now().Add(2 * time.Second)
	for srv.open.Load() != 0 && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	if n := srv.open.Load(); n != 0 {
		t.Fatalf("%s opened %d TCP connections to the provider and %d of them are still open after the client closed its idle ones: "+
			"a response body that is never closed pins its connection (and two goroutines) for good, "+
			"so during a provider incident the service runs out of file descriptors", calls, srv.opened.Load(), n)
	}
}

func TestErrorAnswersReleaseConnections(t *testing.T) {
	p, srv, c := setup(t)
	p.failing.Store(http.StatusServiceUnavailable)
	for range 20 {
		if _, err := c.Rate(context.Background(), "EUR", "USD"); err == nil {
			t.Fatal("Rate returned no error for a 503 answer")
		}
	}
	assertReleased(t, srv, c, "20 calls answered 503")
}

func TestErrorAnswersLeaveNothingRunning(t *testing.T) {
	p, _, c := setup(t)
	g := harness.TrackGoroutines()
	p.failing.Store(http.StatusTooManyRequests)
	for range 5 {
		if _, err := c.Rate(context.Background(), "EUR", "USD"); err == nil {
			t.Fatal("Rate returned no error for a 429 answer")
		}
	}
	// Idle connections are closed now; one whose body is still open is not
	// idle, so its connection and goroutines stay.
	c.HTTP.CloseIdleConnections()
	g.Check(t)
}

func TestHappyPathReusesConnections(t *testing.T) {
	_, srv, c := setup(t)
	for range 20 {
		got, err := c.Rate(context.Background(), "USD", "JPY")
		if err != nil || got != 151.3 {
			t.Fatalf("Rate(USD, JPY) = %v, %v; want 151.3, nil", got, err)
		}
	}
	if n := srv.opened.Load(); n > 2 {
		t.Fatalf("20 successful calls opened %d TCP connections, want at most 2: the response body must be read to the end and closed", n)
	}
	assertReleased(t, srv, c, "20 successful calls")
}

func TestMixedAnswers(t *testing.T) {
	p, srv, c := setup(t)
	for i := range 20 {
		status := 0
		if i%2 == 1 {
			status = http.StatusServiceUnavailable
		}
		p.failing.Store(int64(status))
		got, err := c.Rate(context.Background(), "EUR", "USD")
		switch {
		case status == 0 && (err != nil || got != 1.0825):
			t.Fatalf("call %d: Rate(EUR, USD) = %v, %v; want 1.0825, nil", i, got, err)
		case status != 0 && err == nil:
			t.Fatalf("call %d: Rate returned %v and no error for a 503 answer", i, got)
		case status != 0 && !strings.Contains(err.Error(), "503"):
			t.Fatalf("call %d: the error for a 503 answer does not say so: %v", i, err)
		}
	}
	assertReleased(t, srv, c, "20 calls, half of them answered 503,")
}

func TestErrors(t *testing.T) {
	p, _, c := setup(t)
	if _, err := c.Rate(context.Background(), "EUR", "XXX"); err == nil || !strings.Contains(err.Error(), "404") {
		t.Fatalf("Rate for an unknown pair = %v, want an error naming the 404", err)
	}
	p.failing.Store(http.StatusTooManyRequests)
	if _, err := c.Rate(context.Background(), "EUR", "USD"); err == nil || !strings.Contains(err.Error(), "429") {
		t.Fatalf("Rate while the provider answers 429 = %v, want an error naming the 429", err)
	}
}

func TestProviderUnreachable(t *testing.T) {
	_, srv, c := setup(t)
	srv.Close() // nothing listens on the address any more: Do fails without a response
	if _, err := c.Rate(context.Background(), "EUR", "USD"); err == nil {
		t.Fatal("Rate returned no error although the provider could not be reached")
	}
}

// A 200 whose body is not the JSON expected: Decode gives up after the
// first bytes, so only a Close releases the rest of the connection.
func TestMaintenancePageReleasesConnections(t *testing.T) {
	p, srv, c := setup(t)
	p.maintenance.Store(true)
	for range 5 {
		if _, err := c.Rate(context.Background(), "EUR", "USD"); err == nil {
			t.Fatal("Rate returned no error for a 200 answer carrying an HTML page")
		}
	}
	assertReleased(t, srv, c, "5 calls answered 200 with an HTML maintenance page")
}
