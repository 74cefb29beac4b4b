package seats

import (
	"errors"
	"sync"
	"time"
)

// ErrSeatTaken means another customer holds the seat.
var ErrSeatTaken = errors.New("seats: seat is held by another customer")

// Holds keeps a seat for a customer for a few minutes while they pay, so two
// people cannot check out the same seat. One Holds serves every request for
// a show.
type Holds struct {
	ttl time.Duration
	now func() time.Time // time.Now in production

	mu    sync.Mutex
	holds map[string]hold // by seat
}

type hold struct {
	customer string
	expires  time.Time
}

func NewHolds(ttl time.Duration, now func() time.Time) *Holds {
	return &Holds{ttl: ttl, now: now, holds: make(map[string]hold)}
}

// Hold reserves seat for customer, or extends the customer's own hold. It
// returns ErrSeatTaken while another customer's hold has not expired.
func (h *Holds) Hold(seat, customer string) error {
	now := h.now()
	h.mu.Lock()
	cur, ok := h.holds[seat]
	h.mu.Unlock()
	if ok && cur.customer != customer && now.Before(cur.expires) {
		return ErrSeatTaken
	}
	h.mu.Lock()
	h.holds[seat] = hold{customer: customer, expires: now.Add(h.ttl)}
	h.mu.Unlock()
	return nil
}

// Release gives the seat up if customer holds it (payment failed or the
// customer left checkout).
func (h *Holds) Release(seat, customer string) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if cur, ok := h.holds[seat]; ok && cur.customer == customer {
		delete(h.holds, seat)
	}
}
