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
	answers := make(chan answer)
	for _, r := range replicas {
		go func() {
			cents, err := r.Price(ctx, sku)
			answers <- answer{cents, err}
		}()
	}
	var errs []error
	for i := range replicas {
		a := <-answers
		if a.err == nil {
			// Someone must still receive the answers of the replicas that
			// lost, or their goroutines block on the send forever.
			go func(late int) {
				for range late {
					<-answers
				}
			}(len(replicas) - i - 1)
			return a.cents, nil
		}
		errs = append(errs, a.err)
	}
	return 0, fmt.Errorf("%w: %w", ErrNoPrice, errors.Join(errs...))
}
