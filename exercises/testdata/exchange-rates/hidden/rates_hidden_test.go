package fx

import (
	"context"
	"fmt"
	"io"
	"net/http"
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
}

func (p *provider) ServeHTTP(w http.ResponseWriter, r *http.Request) {
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

func setup(t *testing.T) (*provider, *harness.Server, *Client) {
	t.Helper()
	p := &provider{}
	srv := harness.NewServer(t, p)
	hc := &http.Client{Transport: &http.Transport{}, Timeout: 5 * time.Second}
	t.Cleanup(hc.CloseIdleConnections)
	return p, srv, &Client{BaseURL: srv.URL, HTTP: hc}
}

func TestErrorAnswersReuseConnections(t *testing.T) {
	p, srv, c := setup(t)
	p.failing.Store(http.StatusServiceUnavailable)
	for range 20 {
		if _, err := c.Rate(context.Background(), "EUR", "USD"); err == nil {
			t.Fatal("Rate returned no error for a 503 answer")
		}
	}
	if n := srv.NewConns(); n > 2 {
		t.Fatalf("20 calls that got a 503 opened %d TCP connections to the provider, want at most 2: "+
			"a response body that is not read to the end and closed cannot give its keep-alive connection back, "+
			"so every failing call dials again (and, if the body is never closed, keeps the old connection open forever)", n)
	}
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
	if n := srv.NewConns(); n > 2 {
		t.Fatalf("20 successful calls opened %d TCP connections, want at most 2: the response body must be read to the end and closed", n)
	}
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
	if n := srv.NewConns(); n > 2 {
		t.Fatalf("20 calls, half of them answered 503, opened %d TCP connections, want at most 2: every failing answer threw its connection away", n)
	}
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
