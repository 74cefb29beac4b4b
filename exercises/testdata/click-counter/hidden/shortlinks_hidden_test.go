package shortlinks

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"sync/atomic"
	"testing"
	"time"

	"drill.workspace/harness"
)

const schema = `CREATE TABLE links(
	code TEXT PRIMARY KEY,
	target TEXT NOT NULL,
	clicks INTEGER NOT NULL DEFAULT 0
);
INSERT INTO links(code, target) VALUES
	('spring', 'https://shop.example/spring-sale'),
	('shoes', 'https://shop.example/c/shoes'),
	('app', 'https://shop.example/app'),
	('news', 'https://shop.example/newsletter');`

var codes = []string{"spring", "shoes", "app", "news"}

func setup(t *testing.T) (*harness.DB, *Redirector, *harness.Server, *http.Client) {
	t.Helper()
	db := harness.OpenDB(t, schema, harness.MaxOpenConns(4)) // a small pool, like production: requests queue for connections
	h := NewRedirector(db.DB)
	srv := harness.NewServer(t, h)
	client := &http.Client{
		// Look at the redirect itself instead of following it off to the internet.
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
		Transport:     &http.Transport{MaxIdleConnsPerHost: 64},
	}
	t.Cleanup(client.CloseIdleConnections)
	return db, h, srv, client
}

// click requests /code and returns the status and Location header.
func click(client *http.Client, base, code string) (int, string, error) {
	resp, err := client.Get(base + "/" + code)
	if err != nil {
		return 0, "", err
	}
	defer resp.Body.Close()
	io.Copy(io.Discard, resp.Body)
	return resp.StatusCode, resp.Header.Get("Location"), nil
}

func TestConcurrentClicksAreAllCounted(t *testing.T) {
	db, h, srv, client := setup(t)

	var failures atomic.Int64
	var firstErr atomic.Value
	harness.Concurrently(40, func(i int) {
		status, _, err := click(client, srv.URL, codes[i%len(codes)])
		if err != nil || status != http.StatusFound {
			failures.Add(1)
			firstErr.CompareAndSwap(nil, fmt.Sprintf("status %d, err %v", status, err))
		}
	})
	if n := failures.Load(); n > 0 {
		t.Fatalf("%d of 40 concurrent clicks failed (first: %v)", n, firstErr.Load())
	}
	if err := h.Flush(context.Background()); err != nil {
		t.Fatalf("Flush: %v", err)
	}
	for _, code := range codes {
		if got := db.Int(t, `SELECT clicks FROM links WHERE code = ?`, code); got != 10 {
			t.Errorf("link %q has %d clicks after 10 concurrent clicks: clicks were lost while requests updated the shared map", code, got)
		}
	}
}

func TestFlushDuringTrafficLosesNoClicks(t *testing.T) {
	db, h, srv, client := setup(t)

	// The background job flushes over and over while 16 clients keep
	// clicking, so clicks arrive at every point of a Flush, including
	// while it is writing the previous batch to the database.
	var served, flushes atomic.Int64
	var flushErr atomic.Value
	stop := make(chan struct{})
	flusherDone := make(chan struct{})
	go func() {
		defer close(flusherDone)
		for {
			select {
			case <-stop:
				return
			default:
			}
			if err := h.Flush(context.Background()); err != nil {
				flushErr.CompareAndSwap(nil, err.Error())
			}
			flushes.Add(1)
			time.Sleep(100 * time.Microsecond) // let clicks in between flushes
		}
	}()
	harness.Concurrently(16, func(i int) {
		for k := range 20 {
			if status, _, err := click(client, srv.URL, codes[(i+k)%len(codes)]); err == nil && status == http.StatusFound {
				served.Add(1)
			}
		}
	})
	close(stop)
	<-flusherDone
	if err := h.Flush(context.Background()); err != nil {
		t.Fatalf("final Flush: %v", err)
	}
	if e := flushErr.Load(); e != nil {
		t.Fatalf("Flush failed during traffic: %v", e)
	}
	if got, want := db.Int(t, `SELECT SUM(clicks) FROM links`), served.Load(); got != want {
		t.Fatalf("database holds %d clicks, %d redirects were served while Flush ran %d times: clicks counted during a Flush were lost or saved twice", got, want, flushes.Load())
	}
}

func TestRedirectsToTarget(t *testing.T) {
	_, _, srv, client := setup(t)
	status, loc, err := click(client, srv.URL, "shoes")
	if err != nil {
		t.Fatal(err)
	}
	if status != http.StatusFound || loc != "https://shop.example/c/shoes" {
		t.Fatalf("GET /shoes = %d Location %q, want 302 to https://shop.example/c/shoes", status, loc)
	}
}

func TestUnknownCodeIsNotFoundAndNotCounted(t *testing.T) {
	db, h, srv, client := setup(t)
	status, _, err := click(client, srv.URL, "nope")
	if err != nil {
		t.Fatal(err)
	}
	if status != http.StatusNotFound {
		t.Fatalf("GET /nope = %d, want 404", status)
	}
	if err := h.Flush(context.Background()); err != nil {
		t.Fatalf("Flush: %v", err)
	}
	if got := db.Int(t, `SELECT SUM(clicks) FROM links`); got != 0 {
		t.Fatalf("%d clicks recorded for an unknown code, want 0", got)
	}
}

func TestFlushStartsANewBatch(t *testing.T) {
	db, h, srv, client := setup(t)
	for range 3 {
		if _, _, err := click(client, srv.URL, "app"); err != nil {
			t.Fatal(err)
		}
	}
	for range 2 {
		if err := h.Flush(context.Background()); err != nil {
			t.Fatalf("Flush: %v", err)
		}
	}
	if got := db.Int(t, `SELECT clicks FROM links WHERE code = 'app'`); got != 3 {
		t.Fatalf("link app has %d clicks after 3 clicks and two flushes, want 3 (each click saved exactly once)", got)
	}
}
