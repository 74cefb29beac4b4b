// Package respx holds HTTP client helpers shared across services.
package respx

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
)

// DrainAndClose lets the Transport reuse the connection.
func DrainAndClose(rc io.ReadCloser) { // want DrainAndClose:"closesParam\\(0\\)"
	_, _ = io.Copy(io.Discard, rc)
	_ = rc.Close()
}

// CloseResponse closes a response's body if there is one.
func CloseResponse(resp *http.Response) { // want CloseResponse:"closesParam\\(0\\)"
	if resp == nil || resp.Body == nil {
		return
	}
	DrainAndClose(resp.Body)
}

// Get issues a GET; the caller owns the response.
func Get(ctx context.Context, c *http.Client, url string) (*http.Response, error) { // want Get:"returnsResource\\(0\\)"
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return nil, err
	}
	return c.Do(req)
}

// ReadJSON decodes r and leaves closing to the caller.
func ReadJSON(r io.Reader, v any) error { // want ReadJSON:"borrowsParam\\(0\\)"
	return json.NewDecoder(r).Decode(v)
}
