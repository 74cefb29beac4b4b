package catalog

import (
	"context"
	"database/sql"
	"sync"
	"time"
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
	loading map[string]*sync.Mutex // one lock per SKU, so misses on one product queue behind a single load
}

type entry struct {
	p       Product
	expires time.Time
}

func NewCache(db *sql.DB, ttl time.Duration) *Cache {
	return &Cache{db: db, ttl: ttl, entries: make(map[string]entry), loading: make(map[string]*sync.Mutex)}
}

func (c *Cache) fresh(sku string) (Product, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.entries[sku]
	return e.p, ok && time.Now().Before(e.expires)
}

// Get returns the product, from memory when a fresh copy is cached. Errors
// are not cached: the next Get tries the database again.
func (c *Cache) Get(ctx context.Context, sku string) (Product, error) {
	if p, ok := c.fresh(sku); ok {
		return p, nil
	}

	c.mu.Lock()
	keyMu, ok := c.loading[sku]
	if !ok {
		keyMu = new(sync.Mutex)
		c.loading[sku] = keyMu
	}
	c.mu.Unlock()

	keyMu.Lock()
	defer keyMu.Unlock()
	// Whoever held the key lock before us has probably loaded it already.
	if p, ok := c.fresh(sku); ok {
		return p, nil
	}
	p, err := c.load(ctx, sku)
	if err != nil {
		return Product{}, err
	}
	c.mu.Lock()
	c.entries[sku] = entry{p: p, expires: time.Now().Add(c.ttl)}
	c.mu.Unlock()
	return p, nil
}

func (c *Cache) load(ctx context.Context, sku string) (Product, error) {
	var p Product
	err := c.db.QueryRowContext(ctx, `SELECT sku, name, price_cents FROM products WHERE sku = ?`, sku).
		Scan(&p.SKU, &p.Name, &p.PriceCents)
	return p, err
}
