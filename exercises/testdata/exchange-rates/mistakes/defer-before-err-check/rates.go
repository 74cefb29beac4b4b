package fx

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
)

// Client reads exchange rates from the rates provider's HTTP API.
type Client struct {
	BaseURL string       // e.g. "https://rates.example.com"
	HTTP    *http.Client // shared, with timeouts set by the caller
}

// Rate returns how many units of quote one unit of base buys ("EUR", "USD").
func (c *Client) Rate(ctx context.Context, base, quote string) (float64, error) {
	q := url.Values{"base": {base}, "quote": {quote}}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, c.BaseURL+"/v1/rate?"+q.Encode(), nil)
	if err != nil {
		return 0, fmt.Errorf("rate %s/%s: %w", base, quote, err)
	}
	resp, err := c.HTTP.Do(req)
	// Deferred first thing, so that no return below can skip it.
	defer resp.Body.Close()
	if err != nil {
		return 0, fmt.Errorf("rate %s/%s: %w", base, quote, err)
	}
	if resp.StatusCode != http.StatusOK {
		return 0, fmt.Errorf("rate %s/%s: provider answered %s", base, quote, resp.Status)
	}

	var body struct {
		Rate float64 `json:"rate"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&body); err != nil {
		return 0, fmt.Errorf("rate %s/%s: decoding the answer: %w", base, quote, err)
	}
	if body.Rate <= 0 {
		return 0, fmt.Errorf("rate %s/%s: provider sent rate %v", base, quote, body.Rate)
	}
	return body.Rate, nil
}
