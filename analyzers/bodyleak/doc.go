// Package bodyleak reports HTTP response bodies that are not closed on
// every path.
//
// # Analyzer bodyleak
//
// bodyleak: http response body not closed on every path
//
// Until resp.Body is closed, the client's Transport cannot put the TCP
// connection back in its idle pool, so every leaked body is a connection
// (and two goroutines) that stays open until the server hangs up. A body
// closed only on the happy path leaks exactly when the upstream is already
// in trouble (non-200 answers, decode errors), so the service opens more
// and more connections while it degrades. The check follows the response
// through SSA from http.Get/Post/Head/PostForm, (*http.Client).Do and
// friends, Transport.RoundTrip and Doer-style interfaces; a response that
// is returned, stored or handed to an unknown function is left alone, and
// facts say which helpers close a body or return a fresh response.
//
// What it deliberately does not report: test code (_test.go files, and
// helpers with a *testing.T or testing.TB parameter wherever they live),
// where a body left open on a failing check lives only as long as the test
// binary. A response captured by a cleanup closure (`done := func() {
// resp.Body.Close() }`) is released only where the closure is called or
// deferred; but when the variable holding it is assigned more than once,
// captured before the request is made, or the closure is returned, stored,
// passed on or run in a goroutine, nothing is reported, because whoever
// gets the closure may call it. A response passed to a helper that only
// reads it is still the caller's to close.
//
// Bad:
//
//	resp, err := c.Do(req)
//	if err != nil {
//		return err
//	}
//	if resp.StatusCode != http.StatusOK {
//		return fmt.Errorf("status %d", resp.StatusCode) // body leaked
//	}
//	defer resp.Body.Close()
//	return json.NewDecoder(resp.Body).Decode(&out)
//
// Good:
//
//	resp, err := c.Do(req)
//	if err != nil {
//		return err
//	}
//	defer resp.Body.Close()
//	if resp.StatusCode != http.StatusOK {
//		return fmt.Errorf("status %d", resp.StatusCode)
//	}
//	return json.NewDecoder(resp.Body).Decode(&out)
package bodyleak
