// Package correlated locks and unlocks under the same condition: a path
// that took the lock because the flag was true meets the same flag at the
// unlock.
package correlated

import "sync"

type Cache struct {
	mu sync.Mutex
	m  map[string]int
}

// Get locks only when the caller does not hold the lock already.
func (c *Cache) Get(k string, lock bool) int {
	if lock {
		c.mu.Lock()
	}
	v := c.m[k]
	if lock {
		c.mu.Unlock()
	}
	return v
}

// The look-alikes: a flag changed between the two ifs, a different flag
// at the unlock, and an early return between them.
func (c *Cache) Changed(k string, lock bool) int {
	if lock {
		c.mu.Lock() // want `c.mu.Lock\(\) is not released on every path`
	}
	lock = len(k) > 3
	v := c.m[k]
	if lock {
		c.mu.Unlock()
	}
	return v
}

func (c *Cache) Other(k string, lock, unlock bool) int {
	if lock {
		c.mu.Lock() // want `c.mu.Lock\(\) is not released on every path`
	}
	v := c.m[k]
	if unlock {
		c.mu.Unlock()
	}
	return v
}

func (c *Cache) Early(k string, lock bool) int {
	if lock {
		c.mu.Lock() // want `c.mu.Lock\(\) is not released on every path`
	}
	v, ok := c.m[k]
	if !ok {
		return 0
	}
	if lock {
		c.mu.Unlock()
	}
	return v
}
