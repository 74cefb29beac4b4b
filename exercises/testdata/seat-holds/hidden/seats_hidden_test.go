package seats

import (
	"errors"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"drill.workspace/harness"
)

type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *clock) advance(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

func newHolds() (*Holds, *clock) {
	c := &clock{t: time.Date(2026, 5, 1, 19, 0, 0, 0, time.UTC)}
	return NewHolds(5*time.Minute, c.now), c
}

func TestRefusedHoldDoesNotBlockLaterCalls(t *testing.T) {
	h, _ := newHolds()
	if err := h.Hold("12A", "ann"); err != nil {
		t.Fatalf("Hold of a free seat: %v", err)
	}
	if err := h.Hold("12A", "bob"); !errors.Is(err, ErrSeatTaken) {
		t.Fatalf("Hold of a seat ann holds = %v, want ErrSeatTaken", err)
	}
	harness.Within(t, time.Second, "Hold(\"14C\") for another customer, right after a Hold was refused with ErrSeatTaken,", func() {
		if err := h.Hold("14C", "cara"); err != nil {
			t.Errorf("Hold of a free seat: %v", err)
		}
	})
	harness.Within(t, time.Second, "Release after a refused Hold", func() {
		h.Release("12A", "ann")
	})
}

func TestConcurrentCheckoutsForOneSeat(t *testing.T) {
	h, _ := newHolds()
	var won, taken, other atomic.Int64
	harness.Within(t, 2*time.Second, "32 concurrent Holds of the same seat (one wins, 31 are refused)", func() {
		harness.Concurrently(32, func(i int) {
			switch err := h.Hold("1A", string(rune('a'+i%26))+string(rune('0'+i/26))); {
			case err == nil:
				won.Add(1)
			case errors.Is(err, ErrSeatTaken):
				taken.Add(1)
			default:
				other.Add(1)
			}
		})
	})
	if won.Load() != 1 || taken.Load() != 31 || other.Load() != 0 {
		t.Fatalf("32 customers holding one seat: %d won, %d got ErrSeatTaken, %d other errors; want 1, 31, 0", won.Load(), taken.Load(), other.Load())
	}
}

func TestHoldLifecycle(t *testing.T) {
	h, c := newHolds()
	harness.Within(t, 2*time.Second, "the hold lifecycle (hold, refuse, extend, expire, release)", func() {
		must := func(err, want error, what string) {
			t.Helper()
			if !errors.Is(err, want) {
				t.Errorf("%s = %v, want %v", what, err, want)
			}
		}
		must(h.Hold("3F", "ann"), nil, "ann holds 3F")
		must(h.Hold("3F", "bob"), ErrSeatTaken, "bob holds 3F while ann does")
		c.advance(4 * time.Minute)
		must(h.Hold("3F", "ann"), nil, "ann extends her hold")
		c.advance(4 * time.Minute) // 8 minutes after the first hold, 4 after the extension
		must(h.Hold("3F", "bob"), ErrSeatTaken, "bob holds 3F within ann's extended hold")
		c.advance(2 * time.Minute)
		must(h.Hold("3F", "bob"), nil, "bob holds 3F after ann's hold expired")
		h.Release("3F", "ann") // not hers any more: no effect
		must(h.Hold("3F", "cara"), ErrSeatTaken, "cara holds 3F after ann (not the holder) released it")
		h.Release("3F", "bob")
		must(h.Hold("3F", "cara"), nil, "cara holds 3F after bob released it")
	})
}
