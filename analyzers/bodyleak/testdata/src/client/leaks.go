package client

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"
)

type Doer interface {
	Do(*http.Request) (*http.Response, error)
}

type Invoice struct {
	ID     string `json:"id"`
	Amount int64  `json:"amount"`
}

// Healthy never reads or closes the body.
func Healthy(ctx context.Context, c *http.Client, u string) (bool, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return false, err
	}
	resp, err := c.Do(req) // want `resp.Body is not closed on this return \(line 34\): the connection cannot be reused and stays open`
	if err != nil {
		return false, err
	}
	return resp.StatusCode == http.StatusOK, nil
}

// GetInvoice defers Close only after the status check.
func GetInvoice(ctx context.Context, c *http.Client, id string) (*Invoice, error) {
	resp, err := c.Get("https://billing.internal/invoices/" + id) // want `resp.Body is not closed when resp.StatusCode != http.StatusOK \(line 44\)`
	if err != nil {
		return nil, err
	}
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("get invoice %s: status %d", id, resp.StatusCode)
	}
	defer resp.Body.Close()
	var inv Invoice
	if err := json.NewDecoder(resp.Body).Decode(&inv); err != nil {
		return nil, err
	}
	return &inv, nil
}

// CreateInvoice closes on the happy path only.
func CreateInvoice(ctx context.Context, c *http.Client, inv Invoice) error {
	body, _ := json.Marshal(inv)
	resp, err := c.Post("https://billing.internal/invoices", "application/json", strings.NewReader(string(body))) // want `resp.Body is not closed when Decode fails`
	if err != nil {
		return err
	}
	var out Invoice
	if err := json.NewDecoder(resp.Body).Decode(&out); err != nil {
		return err
	}
	resp.Body.Close()
	return nil
}

// Notify throws the response away.
func Notify(u string, msg string) error {
	_, err := http.PostForm(u, url.Values{"msg": {msg}}) // want `the response returned by PostForm is discarded, so it is never closed \(its body stays open\)`
	return err
}

// Retry drops the failed response before trying again.
func Retry(ctx context.Context, d Doer, req *http.Request) ([]byte, error) {
	for attempt := 0; attempt < 3; attempt++ {
		resp, err := d.Do(req) // want `resp.Body is not closed before the loop calls Do again`
		if err != nil {
			return nil, err
		}
		if resp.StatusCode >= 500 {
			time.Sleep(time.Duration(attempt) * 100 * time.Millisecond)
			continue
		}
		defer resp.Body.Close()
		return io.ReadAll(resp.Body)
	}
	return nil, fmt.Errorf("gave up")
}

// FetchAll defers every Close until the whole batch is done.
func FetchAll(ctx context.Context, c *http.Client, urls []string) ([][]byte, error) {
	var out [][]byte
	for _, u := range urls {
		resp, err := c.Get(u) // want `resp is released by a defer inside a loop, which runs only when FetchAll returns`
		if err != nil {
			return nil, err
		}
		defer resp.Body.Close()
		var b json.RawMessage
		if err := json.NewDecoder(resp.Body).Decode(&b); err != nil {
			return nil, err
		}
		out = append(out, b)
	}
	return out, nil
}

// Proxy streams the upstream body but never closes it.
func Proxy(upstream string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		resp, err := http.Get(upstream + r.URL.Path) // want `resp.Body is not closed on this return`
		if err != nil {
			http.Error(w, "upstream", http.StatusBadGateway)
			return
		}
		w.WriteHeader(resp.StatusCode)
		io.Copy(w, resp.Body)
	}
}

// Deliver closes the body only when the partner accepted the event.
func Deliver(u string, payload []byte) error {
	resp, err := http.Post(u, "application/json", strings.NewReader(string(payload))) // want `resp.Body is not closed when resp.StatusCode >= 300`
	if err != nil {
		return err
	}
	if resp.StatusCode >= 300 {
		return fmt.Errorf("deliver: partner answered %s", resp.Status)
	}
	return resp.Body.Close()
}

// Forward uses a bare Transport.
func Forward(t *http.Transport, req *http.Request) (int, error) {
	resp, err := t.RoundTrip(req) // want `resp.Body is not closed on this return`
	if err != nil {
		return 0, err
	}
	return resp.StatusCode, nil
}

// Scan keeps the body open when a line is too long.
func Scan(ctx context.Context, c *http.Client, u string) ([]string, error) {
	resp, err := c.Get(u) // want `resp.Body is not closed when Err fails`
	if err != nil {
		return nil, err
	}
	var lines []string
	sc := bufio.NewScanner(resp.Body)
	for sc.Scan() {
		lines = append(lines, sc.Text())
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	resp.Body.Close()
	return lines, nil
}

// CapturedLeak holds err in a captured cell and leaks on a bad status.
func CapturedLeak(c *http.Client, req *http.Request) (code int, err error) {
	defer func() {
		if err != nil {
			err = fmt.Errorf("check: %w", err)
		}
	}()
	resp, err := c.Do(req) // want `resp.Body is not closed when resp.StatusCode != http.StatusOK`
	if err != nil {
		return 0, err
	}
	if resp.StatusCode != http.StatusOK {
		return resp.StatusCode, fmt.Errorf("status %d", resp.StatusCode)
	}
	defer resp.Body.Close()
	return resp.StatusCode, nil
}
