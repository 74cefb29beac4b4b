package fanout

import (
	"context"
	"errors"
	"net/http"
	"sync"
	"time"
)

type Server struct{ URL string }

type Result struct {
	Body string
	Err  error
}

type Quoter interface {
	Quote(ctx context.Context, sku string) (int64, error)
}

func query(s Server) Result                         { return Result{Body: s.URL} }
func fetch(ctx context.Context, url string) error   { return nil }
func lookup(ctx context.Context, key string) string { return key }

// --- positives ---------------------------------------------------------

// first returns the first answer; the other senders block forever.
func first(servers []Server) Result {
	results := make(chan Result)
	for _, s := range servers {
		go func() { results <- query(s) }() // want `goroutine sending on results blocks forever when first returns after the first value: make results buffered \(len\(servers\)\) or select on ctx.Done\(\)`
	}
	return <-results
}

// FastestQuote is the catalogue's sketch.
func FastestQuote(ctx context.Context, mirrors []Quoter, sku string) (int64, error) {
	ch := make(chan int64)
	for _, m := range mirrors {
		go func() {
			p, _ := m.Quote(ctx, sku)
			ch <- p // want `goroutine sending on ch blocks forever when FastestQuote returns after the first value`
		}()
	}
	return <-ch, nil
}

// Lookup gives up on ctx.Done() while the sender still waits.
func Lookup(ctx context.Context, key string) (string, error) {
	ch := make(chan string)
	go func() {
		ch <- lookup(ctx, key) // want `goroutine sending on ch blocks forever when Lookup returns on <-ctx.Done\(\) first: make ch buffered \(1\) or select on ctx.Done\(\)`
	}()
	select {
	case v := <-ch:
		return v, nil
	case <-ctx.Done():
		return "", ctx.Err()
	}
}

// WithTimeout gives up after a deadline.
func WithTimeout(url string) error {
	errc := make(chan error)
	go func() { errc <- fetch(context.Background(), url) }() // want `goroutine sending on errc blocks forever when WithTimeout returns on <-time.After\(2 \* time.Second\) first`
	select {
	case err := <-errc:
		return err
	case <-time.After(2 * time.Second):
		return errors.New("timeout")
	}
}

// FetchAll returns on the first error; the rest of the senders leak.
func FetchAll(ctx context.Context, urls []string) error {
	errc := make(chan error)
	for _, u := range urls {
		go func() { errc <- fetch(ctx, u) }() // want `goroutine sending on errc blocks forever when FetchAll returns before receiving every value: make errc buffered \(len\(urls\)\)`
	}
	for range urls {
		if err := <-errc; err != nil {
			return err
		}
	}
	return nil
}

// TooSmall has room for one result of many.
func TooSmall(servers []Server) Result {
	results := make(chan Result, 1)
	for i := 0; i < len(servers); i++ {
		go func() { results <- query(servers[i]) }() // want `goroutine sending on results blocks forever when TooSmall returns after the first value: make results buffered \(len\(servers\)\)`
	}
	return <-results
}

// FirstMatch ranges over a closed-by-WaitGroup channel but stops early.
func FirstMatch(ctx context.Context, servers []Server, want string) (Result, bool) {
	out := make(chan Result)
	var wg sync.WaitGroup
	for _, s := range servers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			out <- query(s) // want `goroutine sending on out blocks forever when FirstMatch returns before receiving every value`
		}()
	}
	go func() { wg.Wait(); close(out) }()
	for r := range out {
		if r.Body == want {
			return r, true
		}
	}
	return Result{}, false
}

// Probe starts senders with WaitGroup.Go and stops at the first healthy one.
func Probe(ctx context.Context, urls []string) (string, error) {
	healthy := make(chan string)
	var wg sync.WaitGroup
	for _, u := range urls {
		wg.Go(func() {
			if fetch(ctx, u) == nil {
				healthy <- u // want `goroutine sending on healthy blocks forever when Probe returns`
			}
		})
	}
	select {
	case u := <-healthy:
		return u, nil
	case <-ctx.Done():
		return "", ctx.Err()
	}
}

// Race runs two lookups and keeps whichever answers first.
func Race(ctx context.Context, key string) string {
	ch := make(chan string)
	go func() { ch <- lookup(ctx, "primary/"+key) }() // want `goroutine sending on ch blocks forever when Race returns after the first value: make ch buffered \(2\)`
	go func() { ch <- lookup(ctx, "replica/"+key) }()
	return <-ch
}

// Notify forgets to wait for the answer at all.
func Notify(ctx context.Context, url string) {
	done := make(chan error)
	go func() { done <- fetch(ctx, url) }() // want `goroutine sending on done blocks forever when Notify returns without receiving from it`
}

// --- negatives ---------------------------------------------------------

// firstBuffered has room for every sender.
func firstBuffered(servers []Server) Result {
	results := make(chan Result, len(servers))
	for _, s := range servers {
		go func() { results <- query(s) }()
	}
	return <-results
}

// firstCancelable senders give up when the caller does.
func firstCancelable(ctx context.Context, servers []Server) Result {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	results := make(chan Result)
	for _, s := range servers {
		go func() {
			select {
			case results <- query(s):
			case <-ctx.Done():
			}
		}()
	}
	return <-results
}

// FetchAllDrain receives from every sender before deciding.
func FetchAllDrain(ctx context.Context, urls []string) error {
	errc := make(chan error)
	for _, u := range urls {
		go func() { errc <- fetch(ctx, u) }()
	}
	var firstErr error
	for range urls {
		if err := <-errc; err != nil && firstErr == nil {
			firstErr = err
		}
	}
	return firstErr
}

// Collect closes after a WaitGroup and ranges to the end.
func Collect(servers []Server) []Result {
	out := make(chan Result)
	var wg sync.WaitGroup
	for _, s := range servers {
		wg.Add(1)
		go func() { defer wg.Done(); out <- query(s) }()
	}
	go func() { wg.Wait(); close(out) }()
	var all []Result
	for r := range out {
		all = append(all, r)
	}
	return all
}

// LookupBuffered lets the single sender finish after a timeout.
func LookupBuffered(ctx context.Context, key string) (string, error) {
	ch := make(chan string, 1)
	go func() { ch <- lookup(ctx, key) }()
	select {
	case v := <-ch:
		return v, nil
	case <-ctx.Done():
		return "", ctx.Err()
	}
}

// WaitDone only closes a channel, which never blocks.
func WaitDone(ctx context.Context, srv *http.Server) error {
	done := make(chan struct{})
	go func() {
		defer close(done)
		srv.Shutdown(ctx)
	}()
	select {
	case <-done:
		return nil
	case <-time.After(5 * time.Second):
		return errors.New("shutdown timed out")
	}
}

// Generate hands the channel to its caller.
func Generate(ctx context.Context, keys []string) <-chan string {
	ch := make(chan string)
	go func() {
		defer close(ch)
		for _, k := range keys {
			ch <- lookup(ctx, k)
		}
	}()
	return ch
}

func consume(ch <-chan Result) []Result { return nil }

// Handoff passes the channel to a consumer.
func Handoff(servers []Server) []Result {
	ch := make(chan Result)
	for _, s := range servers {
		go func() { ch <- query(s) }()
	}
	return consume(ch)
}

// ByIndex receives exactly len(urls) times.
func ByIndex(ctx context.Context, urls []string) []error {
	errc := make(chan error)
	for _, u := range urls {
		go func() { errc <- fetch(ctx, u) }()
	}
	errs := make([]error, 0, len(urls))
	for i := 0; i < len(urls); i++ {
		errs = append(errs, <-errc)
	}
	return errs
}

// Stream stops when the producer closes the channel.
func Stream(ctx context.Context, keys []string) []string {
	ch := make(chan string)
	go func() {
		defer close(ch)
		for _, k := range keys {
			ch <- lookup(ctx, k)
		}
	}()
	var out []string
	for {
		v, ok := <-ch
		if !ok {
			return out
		}
		out = append(out, v)
	}
}

// DrainLater gives up waiting but lets another goroutine take the value.
func DrainLater(ctx context.Context, key string) (string, error) {
	ch := make(chan string)
	go func() { ch <- lookup(ctx, key) }()
	select {
	case v := <-ch:
		return v, nil
	case <-ctx.Done():
		go func() { <-ch }()
		return "", ctx.Err()
	}
}

// Pair has a buffer for both senders.
func Pair(ctx context.Context, key string) string {
	ch := make(chan string, 2)
	go func() { ch <- lookup(ctx, "primary/"+key) }()
	go func() { ch <- lookup(ctx, "replica/"+key) }()
	return <-ch
}

// Mirrors abandons a slow mirror's goroutine and channel on every timeout.
func Mirrors(ctx context.Context, urls []string) error {
	for _, u := range urls {
		errc := make(chan error)
		go func() { errc <- fetch(ctx, u) }() // want `goroutine sending on errc blocks forever when Mirrors moves on after <-time.After\(time.Second\): make errc buffered \(1\)`
		select {
		case err := <-errc:
			if err == nil {
				return nil
			}
		case <-time.After(time.Second):
		}
	}
	return errors.New("all mirrors failed")
}

// MirrorsBuffered lets each abandoned sender finish.
func MirrorsBuffered(ctx context.Context, urls []string) error {
	for _, u := range urls {
		errc := make(chan error, 1)
		go func() { errc <- fetch(ctx, u) }()
		select {
		case err := <-errc:
			if err == nil {
				return nil
			}
		case <-time.After(time.Second):
		}
	}
	return errors.New("all mirrors failed")
}

// Supervise counts its workers down before returning.
func Supervise(workers []func() error) error {
	errc := make(chan error)
	for _, w := range workers {
		go func() { errc <- w() }()
	}
	active := len(workers)
	var first error
	for {
		err := <-errc
		if err != nil && first == nil {
			first = err
		}
		active--
		if active == 0 {
			return first
		}
	}
}

// Retry sends once, after its loop of attempts.
func Retry(ctx context.Context, url string) error {
	ready := make(chan error)
	go func() {
		for attempt := 0; ; attempt++ {
			err := fetch(ctx, url)
			if err == nil || attempt == 3 {
				ready <- err
				break
			}
		}
	}()
	return <-ready
}

// Both starts a fixed number of senders and receives from each.
func Both(ctx context.Context) {
	done := make(chan bool)
	for i := 0; i < 2; i++ {
		go func() { done <- fetch(ctx, "x") == nil }()
	}
	<-done
	<-done
}

// LastOne waits for the single goroutine that finishes last: the others
// never send.
func LastOne(ctx context.Context, n int) {
	done := make(chan bool)
	left := make([]int32, 1)
	var mu sync.Mutex
	left[0] = int32(n)
	for i := 0; i < n; i++ {
		go func() {
			mu.Lock()
			left[0]--
			last := left[0] == 0
			mu.Unlock()
			if last {
				done <- true
			}
		}()
	}
	<-done
}
