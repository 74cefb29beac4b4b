package fixes

import (
	"encoding/json"
	"fmt"
	"net/http"
)

type Rate struct {
	Currency string  `json:"currency"`
	Value    float64 `json:"value"`
}

func FetchRate(c *http.Client, u string) (*Rate, error) {
	resp, err := c.Get(u) // want `resp.Body is not closed when resp.StatusCode != http.StatusOK`
	if err != nil {
		return nil, fmt.Errorf("fetch rate: %w", err)
	}
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("fetch rate: status %d", resp.StatusCode)
	}
	var r Rate
	err = json.NewDecoder(resp.Body).Decode(&r)
	resp.Body.Close()
	return &r, err
}

func Up(u string) bool {
	resp, err := http.Get(u) // want `resp.Body is not closed on this return`
	if err != nil {
		return false
	}
	return resp.StatusCode < 500
}
