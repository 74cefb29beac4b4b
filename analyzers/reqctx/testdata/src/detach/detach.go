// Package detach holds request contexts detached before a goroutine starts,
// in a handler written as a function literal, and a closure that can put the
// request context back.
package detach

import (
	"context"
	"net/http"
)

func audit(ctx context.Context, what string) {}

// In a handler literal the detach is in the handler's own body, not in a
// nested closure: it dominates the go statement.
func Routes(mux *http.ServeMux) {
	mux.HandleFunc("/detached", func(w http.ResponseWriter, r *http.Request) {
		ctx := r.Context()
		ctx = context.WithoutCancel(ctx)
		go audit(ctx, "detached")
	})
	mux.HandleFunc("/attached", func(w http.ResponseWriter, r *http.Request) {
		ctx := r.Context()
		go audit(ctx, "attached") // want `goroutine uses ctx \(derived from the request context\)`
	})
}

// A closure written before the detach can still hand the request context
// back when it is called after it.
func Reattach(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	reattach := func() { ctx = r.Context() }
	ctx = context.WithoutCancel(ctx)
	reattach()
	go audit(ctx, "reattached") // want `goroutine uses ctx \(derived from the request context\)`
}
