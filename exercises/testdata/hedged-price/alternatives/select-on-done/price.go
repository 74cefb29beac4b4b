package pricing

import (
	"context"
	"errors"
	"fmt"
)

// ErrNoPrice means no replica could price the SKU.
var ErrNoPrice = errors.New("pricing: no replica answered")

// Replica is one instance of the pricing service.
type Replica interface {
	Price(ctx context.Context, sku string) (cents int64, err error)
}

// Price asks every replica at once and returns the first successful answer,
// so one slow replica (a GC pause, a cold cache) does not slow the page down.
func Price(ctx context.Context, replicas []Replica, sku string) (int64, error) {
	if len(replicas) == 0 {
		return 0, ErrNoPrice
	}
	type answer struct {
		cents int64
		err   error
	}
	// Cancelling on return stops the losers' requests and releases their
	// sends: a sender gives up on the answer once nobody is waiting for it.
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	answers := make(chan answer)
	for _, r := range replicas {
		go func() {
			cents, err := r.Price(ctx, sku)
			select {
			case answers <- answer{cents, err}:
			case <-ctx.Done():
			}
		}()
	}
	var errs []error
	for range replicas {
		select {
		case a := <-answers:
			if a.err == nil {
				return a.cents, nil
			}
			errs = append(errs, a.err)
		case <-ctx.Done():
			return 0, fmt.Errorf("%w: %w", ErrNoPrice, ctx.Err())
		}
	}
	return 0, fmt.Errorf("%w: %w", ErrNoPrice, errors.Join(errs...))
}
