package client

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
)

// scannerFor returns a wrapper around r, so r escapes into it: no fact.
func scannerFor(r io.Reader) *bufio.Scanner { return bufio.NewScanner(r) }

// Lines hands the body to scannerFor, which keeps it: not ours to judge.
func Lines(c *http.Client, u string) (int, error) {
	resp, err := c.Get(u)
	if err != nil {
		return 0, err
	}
	sc := scannerFor(resp.Body)
	n := 0
	for sc.Scan() {
		n++
	}
	return n, sc.Err()
}

// GetInvoiceOK is the canonical shape.
func GetInvoiceOK(ctx context.Context, c *http.Client, id string) (*Invoice, error) {
	resp, err := c.Get("https://billing.internal/invoices/" + id)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("get invoice %s: status %d", id, resp.StatusCode)
	}
	var inv Invoice
	return &inv, json.NewDecoder(resp.Body).Decode(&inv)
}

// ClosureClose closes in a deferred function literal.
func ClosureClose(u string) (n int64, err error) {
	resp, err := http.Get(u)
	if err != nil {
		return 0, err
	}
	defer func() {
		if cerr := resp.Body.Close(); err == nil {
			err = cerr
		}
	}()
	return io.Copy(io.Discard, resp.Body)
}

// Send returns the response: the caller closes it.
func Send(ctx context.Context, d Doer, req *http.Request) (*http.Response, error) { // want Send:"returnsResource\\(0\\)"
	resp, err := d.Do(req)
	if err != nil {
		return nil, fmt.Errorf("send: %w", err)
	}
	return resp, nil
}

// Pending stores the response for later.
type Pending struct{ resp *http.Response }

func Start(u string) (*Pending, error) {
	resp, err := http.Get(u)
	if err != nil {
		return nil, err
	}
	return &Pending{resp: resp}, nil
}

// logging is a RoundTripper middleware: it hands the response on.
type logging struct{ next http.RoundTripper }

func (l logging) RoundTrip(req *http.Request) (*http.Response, error) { // want RoundTrip:"returnsResource\\(0\\)"
	resp, err := l.next.RoundTrip(req)
	if err != nil {
		return nil, err
	}
	fmt.Println(req.URL, resp.StatusCode)
	return resp, nil
}

// ErrPathClose closes whatever response came back with an error.
func ErrPathClose(c *http.Client, req *http.Request) error {
	resp, err := c.Do(req)
	if err != nil {
		if resp != nil {
			resp.Body.Close()
		}
		return err
	}
	defer resp.Body.Close()
	return nil
}

// Canceled inspects the error before the nil check.
func Canceled(ctx context.Context, c *http.Client, req *http.Request) error {
	resp, err := c.Do(req.WithContext(ctx))
	if errors.Is(err, context.Canceled) {
		return nil
	}
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	_, err = io.Copy(io.Discard, resp.Body)
	return err
}

// BothBranches closes explicitly on each branch.
func BothBranches(c *http.Client, u string) (string, error) {
	resp, err := c.Get(u)
	if err != nil {
		return "", err
	}
	if resp.StatusCode != http.StatusOK {
		resp.Body.Close()
		return "", fmt.Errorf("status %d", resp.StatusCode)
	}
	b, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	return strings.TrimSpace(string(b)), err
}

// Handoff passes the body to a function we know nothing about.
func Handoff(c *http.Client, u string, consume func(io.ReadCloser) error) error {
	resp, err := c.Get(u)
	if err != nil {
		return err
	}
	return consume(resp.Body)
}

// Stream keeps the body open on purpose and returns it.
func Stream(c *http.Client, u string) (io.ReadCloser, error) {
	resp, err := c.Get(u)
	if err != nil {
		return nil, err
	}
	if resp.StatusCode != http.StatusOK {
		resp.Body.Close()
		return nil, fmt.Errorf("status %d", resp.StatusCode)
	}
	return resp.Body, nil
}

// Relay copies the upstream response and closes via a method value.
func Relay(w http.ResponseWriter, c *http.Client, u string) {
	resp, err := c.Get(u)
	if err != nil {
		http.Error(w, "upstream", http.StatusBadGateway)
		return
	}
	closeBody := resp.Body.Close
	defer closeBody()
	w.WriteHeader(resp.StatusCode)
	io.Copy(w, resp.Body)
}

// Exists only looks at the status of a HEAD, whose Body is http.NoBody.
func Exists(u string) bool {
	resp, err := http.Head(u)
	if err != nil {
		return false
	}
	return resp.StatusCode == http.StatusOK
}

// ExpectRefused is a test-style check that the call fails.
func ExpectRefused(u string) error {
	_, err := http.Get(u)
	if err == nil {
		panic("expected the connection to be refused")
	}
	return nil
}

// Snapshot reads the body to EOF: the Transport then reuses or closes the
// connection by itself, so the missing Close holds nothing.
func Snapshot(u string) ([]byte, error) {
	resp, err := http.Get(u)
	if err != nil {
		return nil, err
	}
	return io.ReadAll(resp.Body)
}
