package catalog

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"drill.workspace/harness"
)

const schema = `CREATE TABLE products(sku TEXT PRIMARY KEY, name TEXT NOT NULL, price_cents INTEGER NOT NULL);
INSERT INTO products(sku, name, price_cents) VALUES
	('sku-1', 'Trail runner', 12900),
	('sku-2', 'Rain jacket', 18900),
	('sku-3', 'Wool socks', 1900),
	('sku-4', 'Day pack', 7900);`

var want = map[string]Product{
	"sku-1": {"sku-1", "Trail runner", 12900},
	"sku-2": {"sku-2", "Rain jacket", 18900},
	"sku-3": {"sku-3", "Wool socks", 1900},
	"sku-4": {"sku-4", "Day pack", 7900},
}

// stampede runs n concurrent Gets, sku(i) choosing each one's key, and
// returns the first wrong result or error.
func stampede(c *Cache, n int, sku func(i int) string) string {
	var mu sync.Mutex
	var problem string
	harness.Concurrently(n, func(i int) {
		s := sku(i)
		p, err := c.Get(context.Background(), s)
		if err != nil || p != want[s] {
			mu.Lock()
			if problem == "" {
				problem = fmt.Sprintf("Get(%q) = %+v, %v; want %+v", s, p, err, want[s])
			}
			mu.Unlock()
		}
	})
	return problem
}

func TestColdKeyUnderLoadQueriesTheDatabaseOnce(t *testing.T) {
	db := harness.OpenDB(t, schema)
	c := NewCache(db.DB, time.Hour)
	db.SetReadDelay(30 * time.Millisecond) // a product query under peak load
	db.ResetQueries()

	if problem := stampede(c, 32, func(int) string { return "sku-1" }); problem != "" {
		t.Fatal(problem)
	}
	if n := db.QueryCount(); n != 1 {
		t.Fatalf("32 concurrent Gets of an uncached product sent %d identical queries to the database, want 1: every caller that missed the cache loaded the row itself, so a cold or expired hot key sends the whole burst to the database at once", n)
	}
}

func TestEachColdKeyIsLoadedOnce(t *testing.T) {
	db := harness.OpenDB(t, schema)
	c := NewCache(db.DB, time.Hour)
	db.SetReadDelay(30 * time.Millisecond)
	db.ResetQueries()

	if problem := stampede(c, 32, func(i int) string { return fmt.Sprintf("sku-%d", i%4+1) }); problem != "" {
		t.Fatal(problem)
	}
	if n := db.QueryCount(); n != 4 {
		t.Fatalf("32 concurrent Gets over 4 uncached products sent %d queries, want 4 (one per product)", n)
	}
}

func TestFreshEntriesAreServedFromMemory(t *testing.T) {
	db := harness.OpenDB(t, schema)
	c := NewCache(db.DB, time.Hour)
	for range 3 {
		p, err := c.Get(context.Background(), "sku-2")
		if err != nil || p != want["sku-2"] {
			t.Fatalf("Get(sku-2) = %+v, %v; want %+v", p, err, want["sku-2"])
		}
	}
	if n := db.QueryCount(); n != 1 {
		t.Fatalf("3 sequential Gets within the TTL sent %d queries, want 1", n)
	}
}

func TestExpiredEntriesAreReloaded(t *testing.T) {
	db := harness.OpenDB(t, schema)
	c := NewCache(db.DB, 20*time.Millisecond)
	if _, err := c.Get(context.Background(), "sku-3"); err != nil {
		t.Fatal(err)
	}
	db.MustExec(t, `UPDATE products SET price_cents = 2100 WHERE sku = 'sku-3'`)
	time.Sleep(60 * time.Millisecond)
	p, err := c.Get(context.Background(), "sku-3")
	if err != nil || p.PriceCents != 2100 {
		t.Fatalf("Get after the TTL = %+v, %v; want the new price 2100 from the database", p, err)
	}
}

func TestErrorsAreNotCached(t *testing.T) {
	db := harness.OpenDB(t, schema)
	c := NewCache(db.DB, time.Hour)
	db.SetReadDelay(20 * time.Millisecond)

	var ok atomic.Int64
	harness.Concurrently(32, func(int) {
		if _, err := c.Get(context.Background(), "sku-9"); err == nil {
			ok.Add(1)
		}
	})
	if n := ok.Load(); n > 0 {
		t.Fatalf("%d concurrent Gets of a product that does not exist returned no error", n)
	}

	db.MustExec(t, `INSERT INTO products(sku, name, price_cents) VALUES ('sku-9', 'Headlamp', 3900)`)
	p, err := c.Get(context.Background(), "sku-9")
	if err != nil || p.Name != "Headlamp" {
		t.Fatalf("Get after the product was created = %+v, %v; a failed load must not be cached", p, err)
	}
}

// TestSlowLoadDoesNotStallCachedProducts: while one product's query is slow,
// product pages for products already in the cache must still be served from
// memory at once.
func TestSlowLoadDoesNotStallCachedProducts(t *testing.T) {
	db := harness.OpenDB(t, schema)
	c := NewCache(db.DB, time.Hour)
	if _, err := c.Get(context.Background(), "sku-2"); err != nil {
		t.Fatal(err)
	}
	const slow = 500 * time.Millisecond
	db.SetReadDelay(slow) // the database is struggling
	db.ResetQueries()

	loaded := make(chan error, 1)
	go func() {
		_, err := c.Get(context.Background(), "sku-1")
		loaded <- err
	}()
	// Wait until the slow load of sku-1 has reached the database.
	for deadline := time.Now().Add(2 * time.Second); db.QueryCount() == 0; time.Sleep(time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("Get(sku-1) of an uncached product sent no query within 2s")
		}
	}

	start := time.Now()
	p, err := c.Get(context.Background(), "sku-2")
	took := time.Since(start)
	if err != nil || p != want["sku-2"] {
		t.Fatalf("Get(sku-2) of a cached product = %+v, %v; want %+v", p, err, want["sku-2"])
	}
	if took > 200*time.Millisecond {
		t.Fatalf("Get(sku-2), a cached product, took %v while sku-1 was loading from a slow database (%v per query): the cache lock is held across the query, so one slow product stalls every product page, hits included. Wait for the load outside the lock.", took.Round(time.Millisecond), slow)
	}
	if err := <-loaded; err != nil {
		t.Fatalf("Get(sku-1): %v", err)
	}
}

// TestSlowLoadDoesNotStallOtherColdProducts: while one product loads from a
// slow database, the load of another uncached product must not wait for
// it. Coalescing is per product; one lock around every load serialises
// all misses behind the slowest.
func TestSlowLoadDoesNotStallOtherColdProducts(t *testing.T) {
	db := harness.OpenDB(t, schema)
	c := NewCache(db.DB, time.Hour)
	const slow = 500 * time.Millisecond
	db.SetReadDelay(slow)
	loaded := make(chan error, 1)
	go func() {
		_, err := c.Get(context.Background(), "sku-1")
		loaded <- err
	}()
	for deadline := time.Now().Add(2 * time.Second); db.QueryCount() == 0; time.Sleep(time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("Get(sku-1) of an uncached product sent no query within 2s")
		}
	}
	start := time.Now()
	if _, err := c.Get(context.Background(), "sku-2"); err != nil {
		t.Fatalf("Get(sku-2): %v", err)
	}
	// One slow query of its own: about slow. Waiting for sku-1's load
	// first: about twice that.
	if took := time.Since(start); took > slow+slow*6/10 {
		t.Fatalf("Get(sku-2) of an uncached product took %v while sku-1 was loading (%v per query): it waited for the other product's load. Coalesce loads per product, not behind one lock for all.", took.Round(time.Millisecond), slow)
	}
	if err := <-loaded; err != nil {
		t.Fatalf("Get(sku-1): %v", err)
	}
}
