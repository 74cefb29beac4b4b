// Package chanleak reports goroutines that block forever sending on a
// channel nobody will receive from again: the function that made the
// channel returned before receiving from every sender.
//
// # Analyzer chanleak
//
// chanleak: goroutine blocked forever on a send nobody receives
//
// A goroutine sending on an unbuffered channel waits until someone receives.
// When the function that started it returns first (it took the first result,
// hit a timeout, or gave up on the first error), the remaining senders wait
// forever: each leaked goroutine pins its stack and everything it references,
// and a busy service grows until it is restarted. Tests rarely notice,
// because the process exits first.
//
// What it deliberately does not report: a send that is one case of a
// select with another way out (ctx.Done(), a timeout, default); a buffered
// channel with room for every value still to come; a channel the function
// passes on, returns, or lets another goroutine receive from, or receives
// with comma-ok (who else drains it is not visible here); senders whose
// count of values is unknown once the caller took some outside a loop; and
// a receive loop that counts its senders down before returning.
//
// Test code is checked like production code: a goroutine blocked forever
// in a test leaks for the rest of the test binary and hides behind -count.
//
// Bad:
//
//	ch := make(chan Quote)
//	for _, s := range servers {
//		go func() { ch <- s.Quote(ctx) }()
//	}
//	return <-ch // the other senders block forever
//
// Good:
//
//	ch := make(chan Quote, len(servers)) // every sender can finish
//	for _, s := range servers {
//		go func() { ch <- s.Quote(ctx) }()
//	}
//	return <-ch
package chanleak
