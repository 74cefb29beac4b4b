// Package reqctx reports request contexts whose lifetime is misused: a
// handler's r.Context() (or a context derived from it) handed to a goroutine
// that outlives the handler, and context.Background()/TODO() used where a
// request or caller context is available.
//
// # Analyzer reqctx
//
// reqctx: request context dropped, or used after the handler returns
//
// net/http cancels r.Context() when the client goes away and as soon as
// ServeHTTP returns. Two mistakes follow from forgetting either half. A
// goroutine started by a handler that keeps using r.Context() (or a context
// derived from it with WithTimeout, WithValue, ...) runs on a context that
// is cancelled the moment the response is written, so its database writes
// and outbound calls fail with "context canceled" and the work is silently
// lost. And a handler or a function that receives a ctx but queries with
// context.Background() or context.TODO() drops the caller's cancellation,
// so an abandoned request keeps its slow query and its pooled connection
// busy until the query ends on its own. Goroutines that the handler waits
// for before returning (WaitGroup.Wait, errgroup Wait, a channel receive)
// and contexts detached with context.WithoutCancel are not reported;
// neither is context.Background() inside a goroutine or a deferred call,
// nor once the caller's context is done (after <-ctx.Done(), or in its
// select case), where shutdown needs a context of its own.
//
// What it deliberately does not report: a lifetime detached on purpose,
// context.WithCancel(context.Background()) (or WithTimeout, WithDeadline)
// whose cancel function is kept in a field, a package variable or a result
// for whoever stops the work later (a worker's Start and Stop); and test
// code (_test.go files, and helpers with a *testing.T or testing.TB
// parameter wherever they live), where no client goes away and the test
// picks its own contexts.
// A Background whose cancel stays local (defer cancel()) is still this
// call's work and is reported.
//
// Bad:
//
//	func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
//		...
//		go h.mailer.SendWelcome(r.Context(), u.Email) // cancelled on return
//		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
//		defer cancel()
//		rows, err := h.db.QueryContext(ctx, reportSQL) // ignores the client
//	}
//
// Good:
//
//	go func() {
//		ctx, cancel := context.WithTimeout(context.WithoutCancel(r.Context()), 30*time.Second)
//		defer cancel()
//		h.mailer.SendWelcome(ctx, u.Email)
//	}()
//	ctx, cancel := context.WithTimeout(r.Context(), 30*time.Second)
//	defer cancel()
//	rows, err := h.db.QueryContext(ctx, reportSQL)
package reqctx
