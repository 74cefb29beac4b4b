package fx

import (
	"context"
	"fmt"
	"math"
)

// Convert turns an amount in minor units (cents) of base into minor units of
// quote, rounding half away from zero as the ledger does. Both currencies
// are assumed to have two decimal places, as every currency we bill in does.
func (c *Client) Convert(ctx context.Context, amount int64, base, quote string) (int64, error) {
	if base == quote {
		return amount, nil
	}
	rate, err := c.Rate(ctx, base, quote)
	if err != nil {
		return 0, fmt.Errorf("convert %d %s to %s: %w", amount, base, quote, err)
	}
	if rate <= 0 || math.IsInf(rate, 0) || math.IsNaN(rate) {
		return 0, fmt.Errorf("convert %d %s to %s: provider sent an unusable rate %v", amount, base, quote, rate)
	}
	return int64(math.Round(float64(amount) * rate)), nil
}
