package ignored

import (
	"encoding/json"
	"encoding/xml"
	"net/http"
)

type order struct {
	SKU string `json:"sku"`
	Qty int    `json:"qty"`
}

func Create(w http.ResponseWriter, r *http.Request) {
	var o order
	json.NewDecoder(r.Body).Decode(&o) // want `the error of json.Decoder.Decode is ignored`
	_ = o
}

func CreateBlank(w http.ResponseWriter, r *http.Request) {
	var o order
	_ = json.NewDecoder(r.Body).Decode(&o) // want `the error of json.Decoder.Decode is ignored`
	_ = o
}

func Parse(raw []byte) order {
	var o order
	json.Unmarshal(raw, &o) // want `the error of json.Unmarshal is ignored`
	return o
}

func ParseXML(raw []byte) order {
	var o order
	xml.Unmarshal(raw, &o) // want `the error of xml.Unmarshal is ignored`
	return o
}

// Checked, returned or explicitly dropped on data that is not a body.
func Checked(w http.ResponseWriter, r *http.Request) {
	var o order
	if err := json.NewDecoder(r.Body).Decode(&o); err != nil {
		http.Error(w, "bad order", http.StatusBadRequest)
		return
	}
}

func Returned(raw []byte, o *order) error { return json.Unmarshal(raw, o) }

// A best-effort read of a cached blob: the blank is a visible choice.
func BestEffort(cached []byte) map[string]string {
	m := map[string]string{}
	_ = json.Unmarshal(cached, &m)
	return m
}

// A decoder kept in a variable and checked in a loop.
func Stream(r *http.Request) (n int, err error) {
	dec := json.NewDecoder(r.Body)
	for dec.More() {
		var o order
		if err := dec.Decode(&o); err != nil {
			return n, err
		}
		n++
	}
	return n, nil
}

// Encoding is not decoding.
func Reply(w http.ResponseWriter, o order) {
	json.NewEncoder(w).Encode(o)
}
