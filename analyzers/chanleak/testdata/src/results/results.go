// Package results holds a receiver that ranges over its senders' results
// and returns on the first error, with the look-alikes that let every
// sender finish.
package results

import (
	"context"
	"errors"
	"sync"

	"golang.org/x/sync/errgroup"
)

type result struct {
	val string
	err error
}

func get(ctx context.Context, url string) result { return result{val: url} }

// --- positives ---------------------------------------------------------

// FirstError returns on the first failed result; the senders still
// queued behind it block forever.
func FirstError(ctx context.Context, urls []string) error {
	results := make(chan result)
	var wg sync.WaitGroup
	for _, u := range urls {
		wg.Add(1)
		go func() {
			defer wg.Done()
			results <- get(ctx, u) // want `goroutine sending on results blocks forever when FirstError returns before receiving every value: make results buffered \(len\(urls\)\)`
		}()
	}
	go func() { wg.Wait(); close(results) }()
	for r := range results {
		if r.err != nil {
			return r.err
		}
	}
	return nil
}

// FirstErrorGroup is FirstError with errgroup: the group's context does
// not unblock a bare send.
func FirstErrorGroup(ctx context.Context, urls []string) error {
	g, ctx := errgroup.WithContext(ctx)
	results := make(chan result)
	for _, u := range urls {
		g.Go(func() error {
			results <- get(ctx, u) // want `goroutine sending on results blocks forever when FirstErrorGroup returns before receiving every value`
			return nil
		})
	}
	go func() { g.Wait(); close(results) }()
	for r := range results {
		if r.err != nil {
			return r.err
		}
	}
	return g.Wait()
}

// --- negatives ---------------------------------------------------------

// FirstErrorBuffered has room for every sender's one value.
func FirstErrorBuffered(ctx context.Context, urls []string) error {
	results := make(chan result, len(urls))
	var wg sync.WaitGroup
	for _, u := range urls {
		wg.Add(1)
		go func() {
			defer wg.Done()
			results <- get(ctx, u)
		}()
	}
	go func() { wg.Wait(); close(results) }()
	for r := range results {
		if r.err != nil {
			return r.err
		}
	}
	return nil
}

// FirstErrorCanceled senders give up on ctx.Done(), which the deferred
// cancel closes when the receiver returns early.
func FirstErrorCanceled(ctx context.Context, urls []string) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	results := make(chan result)
	var wg sync.WaitGroup
	for _, u := range urls {
		wg.Add(1)
		go func() {
			defer wg.Done()
			select {
			case results <- get(ctx, u):
			case <-ctx.Done():
			}
		}()
	}
	go func() { wg.Wait(); close(results) }()
	for r := range results {
		if r.err != nil {
			return r.err
		}
	}
	return nil
}

// FirstErrorGroupSelect is the errgroup pipeline: each send selects on
// the group's context, cancelled when the receiver's caller gives up.
func FirstErrorGroupSelect(ctx context.Context, urls []string) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	g, ctx := errgroup.WithContext(ctx)
	results := make(chan result)
	for _, u := range urls {
		g.Go(func() error {
			select {
			case results <- get(ctx, u):
				return nil
			case <-ctx.Done():
				return ctx.Err()
			}
		})
	}
	go func() { g.Wait(); close(results) }()
	for r := range results {
		if r.err != nil {
			return r.err
		}
	}
	return g.Wait()
}

// FirstErrorGroupReturn lets errgroup carry the first error: no channel.
func FirstErrorGroupReturn(ctx context.Context, urls []string) error {
	g, ctx := errgroup.WithContext(ctx)
	for _, u := range urls {
		g.Go(func() error { return get(ctx, u).err })
	}
	return g.Wait()
}

// FirstErrorKept remembers the first error and drains the rest.
func FirstErrorKept(ctx context.Context, urls []string) error {
	results := make(chan result)
	var wg sync.WaitGroup
	for _, u := range urls {
		wg.Add(1)
		go func() {
			defer wg.Done()
			results <- get(ctx, u)
		}()
	}
	go func() { wg.Wait(); close(results) }()
	var first error
	for r := range results {
		if r.err != nil && first == nil {
			first = r.err
		}
	}
	if first != nil {
		return first
	}
	return errors.New("none")
}
