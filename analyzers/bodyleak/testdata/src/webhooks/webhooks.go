// Package webhooks calls partners through respx.
package webhooks

import (
	"context"
	"fmt"
	"net/http"

	"respx"
)

type Status struct {
	State string `json:"state"`
}

// Poll closes through a cross-package helper: fine.
func Poll(ctx context.Context, c *http.Client, url string) (*Status, error) {
	resp, err := respx.Get(ctx, c, url)
	if err != nil {
		return nil, err
	}
	defer respx.CloseResponse(resp)
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("poll %s: %s", url, resp.Status)
	}
	var st Status
	if err := respx.ReadJSON(resp.Body, &st); err != nil {
		return nil, err
	}
	return &st, nil
}

// Ping drains the body in a deferred helper: fine.
func Ping(ctx context.Context, c *http.Client, url string) error {
	resp, err := c.Get(url)
	if err != nil {
		return err
	}
	defer respx.DrainAndClose(resp.Body)
	if resp.StatusCode >= 500 {
		return fmt.Errorf("ping %s: %d", url, resp.StatusCode)
	}
	return nil
}

// Fetch gets a fresh response from a helper and leaks it on a bad status.
func Fetch(ctx context.Context, c *http.Client, url string) (*Status, error) {
	resp, err := respx.Get(ctx, c, url) // want `resp.Body is not closed when resp.StatusCode != http.StatusOK \(line 53\): the connection cannot be reused and stays open`
	if err != nil {
		return nil, err
	}
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("fetch %s: %s", url, resp.Status)
	}
	defer resp.Body.Close()
	var st Status
	return &st, respx.ReadJSON(resp.Body, &st)
}

// Decode reads through a borrowing helper and never closes.
func Decode(ctx context.Context, c *http.Client, url string) (*Status, error) {
	resp, err := respx.Get(ctx, c, url) // want `resp.Body is not closed when ReadJSON fails`
	if err != nil {
		return nil, err
	}
	var st Status
	if err := respx.ReadJSON(resp.Body, &st); err != nil {
		return nil, err
	}
	return &st, nil
}
