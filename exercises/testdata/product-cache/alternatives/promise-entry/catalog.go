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
	entries map[string]*entry
}

// entry is a cached product or one being loaded: ready is closed once p
// and err are set, and nobody writes them afterwards.
type entry struct {
	ready   chan struct{}
	p       Product
	err     error
	expires time.Time
}

func NewCache(db *sql.DB, ttl time.Duration) *Cache {
	return &Cache{db: db, ttl: ttl, entries: make(map[string]*entry)}
}

// Get returns the product, from memory when a fresh copy is cached. Errors
// are not cached: the next Get tries the database again.
func (c *Cache) Get(ctx context.Context, sku string) (Product, error) {
	c.mu.Lock()
	e, ok := c.entries[sku]
	if ok {
		select {
		case <-e.ready:
			if time.Now().Before(e.expires) {
				c.mu.Unlock()
				return e.p, nil
			}
			ok = false // expired: load a new one below
		default:
			// Still loading: wait for it outside the lock.
			c.mu.Unlock()
			select {
			case <-e.ready:
				return e.p, e.err
			case <-ctx.Done():
				return Product{}, ctx.Err()
			}
		}
	}
	e = &entry{ready: make(chan struct{})}
	c.entries[sku] = e
	c.mu.Unlock()

	p, err := c.load(ctx, sku)

	c.mu.Lock()
	e.p, e.err, e.expires = p, err, time.Now().Add(c.ttl)
	if err != nil {
		delete(c.entries, sku) // only the callers already waiting see the error
	}
	c.mu.Unlock()
	close(e.ready)
	return p, err
}

func (c *Cache) load(ctx context.Context, sku string) (Product, error) {
	var p Product
	err := c.db.QueryRowContext(ctx, `SELECT sku, name, price_cents FROM products WHERE sku = ?`, sku).
		Scan(&p.SKU, &p.Name, &p.PriceCents)
	return p, err
}
