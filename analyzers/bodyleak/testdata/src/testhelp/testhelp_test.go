package testhelp

import (
	"net/http"
	"testing"
)

func TestStatus(t *testing.T) {
	resp, err := http.Get("http://127.0.0.1:1/")
	if err != nil {
		t.Skip(err)
	}
	if resp.StatusCode != http.StatusOK {
		return
	}
	resp.Body.Close()
}
