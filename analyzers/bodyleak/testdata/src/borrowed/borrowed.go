// Package borrowed hands responses to helpers and cleanup closures.
package borrowed

import (
	"encoding/json"
	"errors"
	"net/http"
)

var errStatus = errors.New("unexpected status")

// decode only reads the response.
func decode(resp *http.Response, v any) error { // want decode:"borrowsParam\\(0\\)"
	if resp.StatusCode != http.StatusOK {
		return errStatus
	}
	return json.NewDecoder(resp.Body).Decode(v)
}

// decodeAndClose closes the body on every path.
func decodeAndClose(resp *http.Response, v any) error { // want decodeAndClose:"closesParam\\(0\\)"
	defer resp.Body.Close()
	return decode(resp, v)
}

// Fetch hands the response to a helper that only reads it.
func Fetch(c *http.Client, u string, v any) error {
	resp, err := c.Get(u) // want `resp.Body is not closed on this return \(line 32\): the connection cannot be reused and stays open`
	if err != nil {
		return err
	}
	return decode(resp, v)
}

// FetchClosed hands it to the helper that closes it: fine.
func FetchClosed(c *http.Client, u string, v any) error {
	resp, err := c.Get(u)
	if err != nil {
		return err
	}
	return decodeAndClose(resp, v)
}

// Cleanup sets up a cleanup closure and skips it on the status check.
func Cleanup(c *http.Client, u string, v any) error {
	resp, err := c.Get(u) // want `resp.Body is not closed when resp.StatusCode != http.StatusOK \(line 52\)`
	if err != nil {
		return err
	}
	done := func() { resp.Body.Close() }
	if resp.StatusCode != http.StatusOK {
		return errStatus
	}
	defer done()
	return json.NewDecoder(resp.Body).Decode(v)
}

// CleanupFirst defers the closure before the check: fine.
func CleanupFirst(c *http.Client, u string, v any) error {
	resp, err := c.Get(u)
	if err != nil {
		return err
	}
	done := func() { resp.Body.Close() }
	defer done()
	if resp.StatusCode != http.StatusOK {
		return errStatus
	}
	return json.NewDecoder(resp.Body).Decode(v)
}
