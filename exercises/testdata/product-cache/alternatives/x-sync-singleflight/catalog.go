package catalog

import (
	"context"
	"database/sql"
	"sync"
	"time"

	"golang.org/x/sync/singleflight"
)

type Product struct {
	SKU        string
	Name       string
	PriceCents int64
}

// Cache keeps product rows in memory for ttl in front of the products
// table, which the product pages read on every view.
type Cache struct {
	db  *sql.DB
	ttl time.Duration

	mu      sync.Mutex
	entries map[string]entry
	loads   singleflight.Group // one database load per SKU at a time
}

type entry struct {
	p       Product
	expires time.Time
}

func NewCache(db *sql.DB, ttl time.Duration) *Cache {
	return &Cache{db: db, ttl: ttl, entries: make(map[string]entry)}
}

// Get returns the product, from memory when a fresh copy is cached. Errors
// are not cached: the next Get tries the database again.
func (c *Cache) Get(ctx context.Context, sku string) (Product, error) {
	c.mu.Lock()
	e, ok := c.entries[sku]
	c.mu.Unlock()
	if ok && time.Now().Before(e.expires) {
		return e.p, nil
	}

	// Callers that miss while a load of this SKU is running share its
	// result instead of sending their own query.
	v, err, _ := c.loads.Do(sku, func() (any, error) {
		p, err := c.load(ctx, sku)
		if err != nil {
			return Product{}, err
		}
		c.mu.Lock()
		c.entries[sku] = entry{p: p, expires: time.Now().Add(c.ttl)}
		c.mu.Unlock()
		return p, nil
	})
	if err != nil {
		return Product{}, err
	}
	return v.(Product), nil
}

func (c *Cache) load(ctx context.Context, sku string) (Product, error) {
	var p Product
	err := c.db.QueryRowContext(ctx, `SELECT sku, name, price_cents FROM products WHERE sku = ?`, sku).
		Scan(&p.SKU, &p.Name, &p.PriceCents)
	return p, err
}
