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

	mu       sync.Mutex
	entries  map[string]entry
	inflight map[string]*call // loads in progress: one per SKU, shared by every caller that misses
}

type entry struct {
	p       Product
	expires time.Time
}

// call is one database load that several callers wait for.
type call struct {
	done chan struct{} // closed when p and err are set
	p    Product
	err  error
}

func NewCache(db *sql.DB, ttl time.Duration) *Cache {
	return &Cache{db: db, ttl: ttl, entries: make(map[string]entry), inflight: make(map[string]*call)}
}

// Get returns the product, from memory when a fresh copy is cached. Errors
// are not cached: the next Get tries the database again.
func (c *Cache) Get(ctx context.Context, sku string) (Product, error) {
	c.mu.Lock()
	if e, ok := c.entries[sku]; ok && time.Now().Before(e.expires) {
		c.mu.Unlock()
		return e.p, nil
	}
	if cl, ok := c.inflight[sku]; ok { // someone is loading it already: wait for their result
		c.mu.Unlock()
		select {
		case <-cl.done:
			return cl.p, cl.err
		case <-ctx.Done():
			return Product{}, ctx.Err()
		}
	}
	cl := &call{done: make(chan struct{})}
	c.inflight[sku] = cl
	c.mu.Unlock()

	cl.p, cl.err = c.load(ctx, sku)

	if cl.err != nil {
		close(cl.done)
		return Product{}, cl.err
	}
	c.mu.Lock()
	delete(c.inflight, sku)
	c.entries[sku] = entry{p: cl.p, expires: time.Now().Add(c.ttl)}
	c.mu.Unlock()
	close(cl.done)
	return cl.p, nil
}

func (c *Cache) load(ctx context.Context, sku string) (Product, error) {
	var p Product
	err := c.db.QueryRowContext(ctx, `SELECT sku, name, price_cents FROM products WHERE sku = ?`, sku).
		Scan(&p.SKU, &p.Name, &p.PriceCents)
	return p, err
}
