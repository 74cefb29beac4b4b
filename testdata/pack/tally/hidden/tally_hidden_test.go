package tally

import (
	"testing"
	"time"
)

func TestRejectedVoteDoesNotBlockTheNext(t *testing.T) {
	tl := New()
	if err := tl.Add("yes", 0); err == nil {
		t.Fatal("Add(0) accepted")
	}
	done := make(chan struct{})
	go func() {
		defer close(done)
		tl.Add("yes", 1)
	}()
	select {
	case <-done:
	case <-time.After(2 * time.Second):
		t.Fatal("Add blocked after a rejected vote: the lock was never released")
	}
}

func TestCounts(t *testing.T) {
	tl := New()
	tl.Add("yes", 2)
	tl.Add("no", 1)
	if tl.Count("yes") != 2 || tl.Count("no") != 1 {
		t.Fatalf("counts = %d/%d, want 2/1", tl.Count("yes"), tl.Count("no"))
	}
}
