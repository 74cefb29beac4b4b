package harness

import (
	"sync"
	"testing"
	"time"
)

// Concurrently runs fn(0) … fn(n-1) on n goroutines released at the same
// instant and waits for all of them. Releasing them together maximises the
// overlap that makes races (and -race reports) show up on every run.
func Concurrently(n int, fn func(i int)) {
	var ready, done sync.WaitGroup
	start := make(chan struct{})
	ready.Add(n)
	done.Add(n)
	for i := range n {
		go func() {
			defer done.Done()
			ready.Done()
			<-start
			fn(i)
		}()
	}
	ready.Wait()
	close(start)
	done.Wait()
}

// Within runs fn and fails the test if it has not returned after d: the
// code under test is deadlocked or waiting for a resource it leaked. The
// stuck goroutine is abandoned; the test binary's own timeout reaps it.
func Within(t testing.TB, d time.Duration, what string, fn func()) {
	t.Helper()
	finished := make(chan struct{})
	go func() {
		defer close(finished)
		fn()
	}()
	select {
	case <-finished:
	case <-time.After(d):
		t.Fatalf("%s did not return within %s: it is blocked (a deadlock, or waiting for a connection or lock that was never released)", what, d)
	}
}
