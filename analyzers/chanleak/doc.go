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
// The same hang runs the other way round with a readiness signal: a
// function starts one goroutine that is meant to close(ready) (or send on
// it) once it is up, and waits on a bare <-ready. A path through the
// goroutine that returns first, typically the error path of a failed
// net.Listen, never signals, and the function blocks forever. That return
// is reported; a buffer does not help here, defer close(ready) or a select
// that also receives the error does.
//
// What it deliberately does not report: a send that is one case of a
// select with another way out (ctx.Done(), a timeout, default); a buffered
// channel with room for every value still to come; a channel the function
// passes on, returns, or lets another goroutine receive from, or receives
// with comma-ok (who else drains it is not visible here); senders whose
// count of values is unknown once the caller took some outside a loop; and
// a receive loop that counts its senders down before returning. For
// readiness signals it does not report: a wait in a select (the function
// has another way out, or sees the error); a channel that more than one
// goroutine signals, that is signalled by a goroutine started in a loop,
// from a loop, from a nested function literal (sync.Once, a deferred
// func) or by the function itself, or that is passed on or stored (someone
// else may signal); a signal sent as a select case (the goroutine gives up
// on purpose); and paths that end in panic, os.Exit, log.Fatal or
// runtime.Goexit, t.Fatal included (the program or goroutine dies, a
// different failure that other checks cover).
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
//
// Bad:
//
//	ready := make(chan struct{})
//	go func() {
//		ln, err := net.Listen("tcp", addr)
//		if err != nil {
//			return // ready is never closed
//		}
//		close(ready)
//		serve(ln)
//	}()
//	<-ready // blocks forever when Listen fails
//
// Good:
//
//	ready, errc := make(chan struct{}), make(chan error, 1)
//	go func() {
//		ln, err := net.Listen("tcp", addr)
//		if err != nil {
//			errc <- err
//			return
//		}
//		close(ready)
//		serve(ln)
//	}()
//	select {
//	case <-ready:
//	case err := <-errc:
//		return err
//	}
package chanleak
