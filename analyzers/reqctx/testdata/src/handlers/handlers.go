package handlers

import (
	"context"
	"database/sql"
	"net/http"
	"sync"
	"time"
)

type Mailer interface {
	Send(ctx context.Context, to string) error
}

type Handler struct {
	db     *sql.DB
	mailer Mailer
	wg     sync.WaitGroup
}

func audit(ctx context.Context, what string) {}

type ctxKey struct{}

// --- positives: the request context outlives the handler ---------------

// Direct argument of the go call.
func (h *Handler) Signup(w http.ResponseWriter, r *http.Request) {
	go h.mailer.Send(r.Context(), "a@example.com") // want `goroutine uses the request context, which net/http cancels when the handler returns`
	w.WriteHeader(http.StatusCreated)
}

// Through a local variable.
func (h *Handler) SignupVar(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	go h.mailer.Send(ctx, "a@example.com") // want `goroutine uses ctx \(derived from the request context\)`
	w.WriteHeader(http.StatusCreated)
}

// r.Context() called inside the goroutine, tracked with a WaitGroup that is
// only waited for at shutdown.
func (h *Handler) SignupTracked(w http.ResponseWriter, r *http.Request) {
	h.wg.Add(1)
	go func() { // want `goroutine uses the request context`
		defer h.wg.Done()
		ctx := r.Context()
		if err := h.mailer.Send(ctx, "a@example.com"); err != nil {
			return
		}
		h.db.ExecContext(ctx, `UPDATE users SET welcomed = 1`)
	}()
	w.WriteHeader(http.StatusCreated)
}

// A timeout derived from the request is still cancelled with it.
func (h *Handler) SignupTimeout(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := context.WithTimeout(r.Context(), 10*time.Second)
	go func() { // want `goroutine uses ctx \(derived from the request context\)`
		defer cancel()
		h.mailer.Send(ctx, "a@example.com")
	}()
	w.WriteHeader(http.StatusAccepted)
}

// Passed as the argument of a function literal.
func (h *Handler) SignupArg(w http.ResponseWriter, r *http.Request) {
	go func(ctx context.Context) { // want `goroutine uses the request context`
		audit(ctx, "signup")
	}(r.Context())
}

// A value-carrying context derived in two steps.
func (h *Handler) Values(w http.ResponseWriter, r *http.Request) {
	ctx := context.WithValue(r.Context(), ctxKey{}, "trace-1")
	var traced context.Context
	traced = context.WithValue(ctx, ctxKey{}, "span-2")
	go audit(traced, "values") // want `goroutine uses traced \(derived from the request context\)`
}

// WaitGroup.Go starts a goroutine too.
func (h *Handler) SignupGo(w http.ResponseWriter, r *http.Request) {
	h.wg.Go(func() { // want `goroutine uses the request context`
		h.mailer.Send(r.Context(), "a@example.com")
	})
}

// A handler written as a function literal.
func Routes(mux *http.ServeMux, h *Handler) {
	mux.HandleFunc("/orders", func(w http.ResponseWriter, r *http.Request) {
		go audit(r.Context(), "order") // want `goroutine uses the request context`
		w.WriteHeader(http.StatusOK)
	})
}

// Background in the synchronous path of a handler.
func (h *Handler) Report(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second) // want `context.Background\(\) drops the caller's cancellation: .* derive the context from r.Context\(\)`
	defer cancel()
	h.db.QueryContext(ctx, `SELECT 1`)
}

func (h *Handler) Lookup(w http.ResponseWriter, req *http.Request) {
	h.db.QueryRowContext(context.TODO(), `SELECT 1`) // want `context.TODO\(\) drops the caller's cancellation: .* from req.Context\(\)`
}

// Detached on one branch only: the other path still hands the goroutine
// the request's context.
func (h *Handler) SignupMaybeDetached(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	if r.URL.Query().Get("async") != "" {
		ctx = context.WithoutCancel(ctx)
	}
	go h.mailer.Send(ctx, "a@example.com") // want `goroutine uses ctx \(derived from the request context\)`
}

// Detached, then handed the request context again before the closure runs.
func (h *Handler) SignupReattached(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	ctx = context.WithoutCancel(ctx)
	go func() { // want `goroutine uses ctx \(derived from the request context\)`
		h.mailer.Send(ctx, "a@example.com")
	}()
	ctx = r.Context()
	h.mailer.Send(ctx, "b@example.com")
}

// Detached only inside a closure that may never run.
func (h *Handler) SignupClosureDetached(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	detach := func() { ctx = context.WithoutCancel(ctx) }
	_ = detach
	go h.mailer.Send(ctx, "a@example.com") // want `goroutine uses ctx \(derived from the request context\)`
}

// --- negatives -----------------------------------------------------------

// Detached with WithoutCancel and a timeout: the fix.
func (h *Handler) SignupFixed(w http.ResponseWriter, r *http.Request) {
	h.wg.Add(1)
	go func() {
		defer h.wg.Done()
		ctx, cancel := context.WithTimeout(context.WithoutCancel(r.Context()), 30*time.Second)
		defer cancel()
		h.mailer.Send(ctx, "a@example.com")
	}()
	w.WriteHeader(http.StatusCreated)
}

// Detached before the go statement.
func (h *Handler) SignupDetached(w http.ResponseWriter, r *http.Request) {
	ctx := context.WithoutCancel(r.Context())
	go h.mailer.Send(ctx, "a@example.com")
}

// The handler's ctx is reassigned to a detached context before the
// goroutine starts; what the goroutine derives from it is detached too.
func (h *Handler) SignupDetachedInPlace(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	h.db.ExecContext(ctx, `INSERT INTO users (email) VALUES ('a@example.com')`)
	ctx = context.WithoutCancel(ctx)
	h.wg.Add(1)
	go func() {
		defer h.wg.Done()
		ctx, cancel := context.WithTimeout(ctx, 30*time.Second)
		defer cancel()
		h.mailer.Send(ctx, "a@example.com")
	}()
	w.WriteHeader(http.StatusCreated)
}

// Detached in an enclosing block, launched in a nested one.
func (h *Handler) SignupDetachedOuter(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	ctx = context.WithoutCancel(ctx)
	if r.Method == http.MethodPost {
		go h.mailer.Send(ctx, "a@example.com")
	}
}

// A fresh context with a timeout inside the goroutine is detached work.
func (h *Handler) SignupBackground(w http.ResponseWriter, r *http.Request) {
	go func() {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		h.mailer.Send(ctx, "a@example.com")
	}()
}

// Joined with a WaitGroup before returning: fan-out inside the request.
func (h *Handler) FanOut(w http.ResponseWriter, r *http.Request) {
	var wg sync.WaitGroup
	for _, to := range []string{"a", "b"} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			h.mailer.Send(r.Context(), to)
		}()
	}
	wg.Wait()
}

// Joined through a channel receive.
func (h *Handler) FirstResult(w http.ResponseWriter, r *http.Request) {
	errc := make(chan error, 1)
	go func() { errc <- h.mailer.Send(r.Context(), "a") }()
	select {
	case err := <-errc:
		_ = err
	case <-time.After(time.Second):
	}
}

// WaitGroup.Go joined before returning.
func (h *Handler) FanOutGo(w http.ResponseWriter, r *http.Request) {
	var wg sync.WaitGroup
	wg.Go(func() { audit(r.Context(), "x") })
	wg.Wait()
}

// Only watches for the client going away.
func (h *Handler) Watch(w http.ResponseWriter, r *http.Request) {
	go func() {
		<-r.Context().Done()
		audit(context.Background(), "client left")
	}()
}

// Uses request data, not its context.
func (h *Handler) Path(w http.ResponseWriter, r *http.Request) {
	path := r.URL.Path
	go audit(context.Background(), path)
}

// Synchronous use of the request context.
func (h *Handler) Sync(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := context.WithTimeout(r.Context(), 5*time.Second)
	defer cancel()
	h.mailer.Send(ctx, "a")
}

// Background for cleanup in a deferred call is deliberate.
func (h *Handler) Cleanup(w http.ResponseWriter, r *http.Request) {
	defer h.db.ExecContext(context.Background(), `DELETE FROM locks WHERE id = 1`)
	h.db.ExecContext(r.Context(), `INSERT INTO locks (id) VALUES (1)`)
}

// A RoundTripper is not a handler: its request is outgoing.
type transport struct{ next http.RoundTripper }

func (t transport) RoundTrip(req *http.Request) (*http.Response, error) {
	go audit(req.Context(), "outgoing")
	return t.next.RoundTrip(req)
}

// No request, no caller context: Background is the root.
func Main() {
	ctx := context.Background()
	go audit(ctx, "boot")
}
