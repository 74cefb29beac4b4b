package ignored

import (
	"encoding/json"
	"net/http"
)

const maxBody = 1 << 20

func LimitDropped(w http.ResponseWriter, r *http.Request) {
	http.MaxBytesReader(w, r.Body, maxBody) // want `the reader http.MaxBytesReader returns is dropped`
	var o order
	if err := json.NewDecoder(r.Body).Decode(&o); err != nil {
		http.Error(w, "bad order", http.StatusBadRequest)
	}
}

func LimitBlank(w http.ResponseWriter, r *http.Request) {
	_ = http.MaxBytesReader(w, r.Body, maxBody) // want `the reader http.MaxBytesReader returns is dropped`
}

// Assigned back, or read through directly: the limit holds.
func LimitApplied(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, maxBody)
	var o order
	if err := json.NewDecoder(r.Body).Decode(&o); err != nil {
		http.Error(w, "bad order", http.StatusBadRequest)
	}
}

func LimitInline(w http.ResponseWriter, r *http.Request) {
	var o order
	if err := json.NewDecoder(http.MaxBytesReader(w, r.Body, maxBody)).Decode(&o); err != nil {
		http.Error(w, "bad order", http.StatusBadRequest)
	}
}
