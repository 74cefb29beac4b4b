package pricing

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
)

// Quote is the pricing service's answer for one SKU.
type Quote struct {
	SKU        string `json:"sku"`
	PriceCents int64  `json:"price_cents"`
	Currency   string `json:"currency"`
}

// Syncer copies prices from the pricing service into the shop's catalogue.
type Syncer struct {
	DB      *sql.DB
	Client  *http.Client
	BaseURL string // e.g. http://pricing.internal
}

// RefreshPrice fetches the current price of sku and stores it. The nightly
// job calls it for every SKU and retries the ones that return an error.
func (s *Syncer) RefreshPrice(ctx context.Context, sku string) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet,
		s.BaseURL+"/v1/prices/"+url.PathEscape(sku), nil)
	if err != nil {
		return err
	}
	resp, err := s.Client.Do(req)
	if err != nil {
		return fmt.Errorf("pricing service: %w", err)
	}
	defer resp.Body.Close()

	var q Quote
	if err := json.NewDecoder(resp.Body).Decode(&q); err != nil {
		return fmt.Errorf("decode quote for %s: %w", sku, err)
	}
	if _, err := s.DB.ExecContext(ctx,
		`UPDATE products SET price_cents = ?, currency = ? WHERE sku = ?`, q.PriceCents, q.Currency, sku); err != nil {
		return err
	}
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("pricing service: %s for %s", resp.Status, sku)
	}
	return nil
}
