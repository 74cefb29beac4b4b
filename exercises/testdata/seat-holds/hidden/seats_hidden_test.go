package seats

import (
	"errors"
	"fmt"
	"reflect"
	"sync"
	"sync/atomic"
	"testing"
	"time"
	"unsafe"

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
	// Inside Within only record: a callback that never returns must not
	// touch t after the test has ended.
	var err error
	harness.Within(t, time.Second, "Hold(\"14C\") for another customer, right after a Hold was refused with ErrSeatTaken,", func() {
		err = h.Hold("14C", "cara")
	})
	if err != nil {
		t.Fatalf("Hold of a free seat after a refused Hold: %v", err)
	}
	harness.Within(t, time.Second, "Release after a refused Hold", func() {
		h.Release("12A", "ann")
	})
}

func TestConcurrentCheckoutsForOneSeat(t *testing.T) {
	// Sale opening: 32 customers click through the same six front-row seats
	// in the same order. The clock is slow (a millisecond per reading, as if
	// it came from a time service), so customers queue up on the lock and
	// every gap between seeing a seat free and writing the hold is taken by
	// the next customer in the queue: only a Hold that checks and writes in
	// one critical section gives each seat exactly one winner.
	const seatsInRow, customers = 6, 32
	start := time.Date(2026, 5, 1, 10, 0, 0, 0, time.UTC)
	h := NewHolds(5*time.Minute, func() time.Time {
		time.Sleep(time.Millisecond)
		return start
	})
	winners := make([][]string, seatsInRow) // by seat: customers whose Hold succeeded
	var mu sync.Mutex
	var other atomic.Int64
	var firstOther atomic.Value
	harness.Within(t, 3*time.Second, "32 customers holding the same six seats at once", func() {
		harness.Concurrently(customers, func(i int) {
			customer := fmt.Sprintf("customer-%d", i)
			for seat := range seatsInRow {
				switch err := h.Hold(fmt.Sprintf("1%c", 'A'+seat), customer); {
				case err == nil:
					mu.Lock()
					winners[seat] = append(winners[seat], customer)
					mu.Unlock()
				case errors.Is(err, ErrSeatTaken):
				default:
					other.Add(1)
					firstOther.CompareAndSwap(nil, err.Error())
				}
			}
		})
	})
	if n := other.Load(); n > 0 {
		t.Fatalf("%d Holds failed with an error other than ErrSeatTaken, first: %v", n, firstOther.Load())
	}
	for seat, w := range winners {
		if len(w) != 1 {
			t.Fatalf("seat 1%c was held by %d customers at once (%v), want exactly 1: several customers saw the seat free before the first hold was written", 'A'+seat, len(w), w)
		}
	}
}

func TestHoldLifecycle(t *testing.T) {
	h, c := newHolds()
	var problems []string
	harness.Within(t, 2*time.Second, "the hold lifecycle (hold, refuse, extend, expire, release)", func() {
		must := func(err, want error, what string) {
			if !errors.Is(err, want) {
				problems = append(problems, fmt.Sprintf("%s = %v, want %v", what, err, want))
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
	for _, p := range problems {
		t.Error(p)
	}
}

// holdsMutex finds the sync.Mutex field of Holds, if the fix kept one, so
// the test can make the customers queue on it.
func holdsMutex(h *Holds) *sync.Mutex {
	v := reflect.ValueOf(h).Elem()
	for i := range v.NumField() {
		if f := v.Field(i); f.Type() == reflect.TypeFor[sync.Mutex]() {
			return (*sync.Mutex)(unsafe.Pointer(f.UnsafeAddr()))
		}
	}
	return nil
}

// TestQueuedCustomersSeeTheFirstHold lines 16 customers up on the lock for
// one seat. Once waiters have queued for over a millisecond, Go's mutex
// hands the lock from one waiter straight to the next, and a goroutine
// that unlocks and locks again goes to the back of the queue: a Hold that
// checks under one lock and writes under another lets every customer in
// the queue see the seat free. Only one may hold it. Several rounds, as a
// busy machine can deschedule the test before the handoff mode starts.
func TestQueuedCustomersSeeTheFirstHold(t *testing.T) {
	h, _ := newHolds()
	mu := holdsMutex(h)
	const customers, rounds = 16, 8
	for round := range rounds {
		seat := fmt.Sprintf("7%c", 'A'+round)
		if mu != nil {
			mu.Lock()
		}
		var wins atomic.Int64
		var wg sync.WaitGroup
		for i := range customers {
			wg.Add(1)
			go func() {
				defer wg.Done()
				if h.Hold(seat, fmt.Sprintf("customer-%d", i)) == nil {
					wins.Add(1)
				}
			}()
		}
		if mu != nil {
			time.Sleep(10 * time.Millisecond)
			// The first waiter wakes to find the lock taken again: from
			// here on the lock passes in queue order.
			mu.Unlock()
			mu.Lock()
			time.Sleep(3 * time.Millisecond)
			mu.Unlock()
		}
		harness.Within(t, 5*time.Second, "16 customers holding seat "+seat, wg.Wait)
		if n := wins.Load(); n != 1 {
			t.Fatalf("%d of 16 queued customers were told they hold seat %s, want exactly 1: each saw the seat free before the first hold was written, so the check and the write are not one critical section", n, seat)
		}
	}
}
