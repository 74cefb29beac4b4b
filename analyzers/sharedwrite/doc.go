// Package sharedwrite reports data races recognisable by their shape: shared
// variables, maps and slices written by concurrent goroutines or by
// concurrent HTTP handlers without a lock.
//
// # Analyzer sharedwrite
//
// sharedwrite: shared state written concurrently without a lock
//
// Goroutines started in a loop, and HTTP handlers (net/http serves every
// request on its own goroutine), run at the same time. A counter bumped with
// n++ loses increments, s = append(s, v) loses elements, a plain map written
// from two goroutines crashes the whole process with "concurrent map writes",
// and a per-request value parked in a handler field leaks one user's data
// into another user's response. None of this shows up in a single-request
// test; it shows up under load.
//
// Bad:
//
//	func (h *StatsHandler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
//		h.hits[r.URL.Path]++ // every request writes the same map
//	}
//
//	for _, sku := range skus {
//		go func() { defer wg.Done(); prices = append(prices, quote(sku)) }()
//	}
//
// Good:
//
//	func (h *StatsHandler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
//		h.mu.Lock()
//		h.hits[r.URL.Path]++
//		h.mu.Unlock()
//	}
//
//	prices := make([]Price, len(skus))
//	for i, sku := range skus {
//		go func() { defer wg.Done(); prices[i] = quote(sku) }()
//	}
package sharedwrite
