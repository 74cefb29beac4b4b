package served

import (
	"net/http"
	"testing"
)

// Handlers in test files are not served concurrently in a way that
// matters.
func TestServe(t *testing.T) {
	h := func(w http.ResponseWriter, r *http.Request) { tested++ }
	http.NewServeMux().HandleFunc("/", h)
}
