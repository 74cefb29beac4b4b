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
	loadMu sync.Mutex // serialises loads
	db     *sql.DB
	ttl    time.Duration

	mu      sync.Mutex
	entries map[string]entry
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

	// One load at a time: concurrent misses wait, then find the entry.
	c.loadMu.Lock()
	defer c.loadMu.Unlock()
	c.mu.Lock()
	e, ok = c.entries[sku]
	c.mu.Unlock()
	if ok && time.Now().Before(e.expires) {
		return e.p, nil
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
