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
// It deliberately does not report:
//
//   - writes made while a lock is held on every path, through sync.Map or
//     atomic Add and CompareAndSwap, or storing a whole sync or atomic
//     value (initialisation);
//   - element writes s[i] = v: distinct indices of a pre-sized slice do not
//     race;
//   - plain assignments x = v in goroutines: each goroutine of the
//     parallel-calls shape owns its variable and the parent reads it after
//     Wait (only updates such as n++, append, an atomic Load then Store,
//     and map writes lose data);
//   - goroutines that get a fresh variable per loop iteration, loops that
//     wait for each goroutine before starting the next, writes made after
//     receiving a token handed from goroutine to goroutine, and a second
//     goroutine started after a call that might wait for the first;
//   - functions started with go by name: their writes are their own;
//   - handlers with a value receiver (the write changes a copy, a
//     different bug), handlers in test files, and functions with the
//     handler signature that are only called, never passed as a value;
//   - methods a handler calls more than two calls deep;
//   - variables captured by a closure created inside a handler: they
//     belong to that one request;
//   - variables a function declares and captures in a handler literal that
//     it runs there and then, directly, through ServeHTTP, or through
//     middleware whose result it only runs (mw(inner).ServeHTTP(rec, r)),
//     and never registers, returns, stores, sends or starts with go: every
//     call gets its own variables, so concurrent requests never share them.
//     This covers the variable itself, its fields, and a map or object it
//     only ever holds when made during the call; state reached through any
//     other pointer, package variables, and variables of a middleware
//     factory that returns the handler are still reported. Middleware that
//     runs the handler on a goroutine of its own (http.TimeoutHandler) can
//     race with the function's later reads; that is not reported either.
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
