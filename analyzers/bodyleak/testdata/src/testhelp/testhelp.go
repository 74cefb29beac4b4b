// Package testhelp is a test-support package: helpers that take a
// testing.TB are test code wherever they live, and their leaks last only
// as long as the test binary.
package testhelp

import (
	"net/http"
	"testing"
)

// MustGet leaves the body open when the status is wrong: the test fails
// and the process ends soon after.
func MustGet(t testing.TB, url string) *http.Response { // want MustGet:`returnsResource\(0\)`
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("status %d", resp.StatusCode)
		return nil
	}
	return resp
}

// Fetch has the same shape without a testing parameter: a production leak.
func Fetch(url string) (*http.Response, error) { // want Fetch:`returnsResource\(0\)`
	resp, err := http.Get(url) // want `resp.Body is not closed when resp.StatusCode != http.StatusOK`
	if err != nil {
		return nil, err
	}
	if resp.StatusCode != http.StatusOK {
		return nil, nil
	}
	return resp, nil
}
