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

var tableMu sync.Mutex

var table []int

// Divisors shares a table only for base 10, under the same comparison.
func Divisors(b, k int) []int {
	var t []int
	if b == 10 {
		tableMu.Lock()
		t = table[:k]
	} else {
		t = make([]int, k)
	}
	for i := range t {
		t[i] = i * b
	}
	if b == 10 {
		tableMu.Unlock()
	}
	return t
}

// A different comparison at the unlock is not the same condition.
func DivisorsOther(b, k int) []int {
	var t []int
	if b == 10 {
		tableMu.Lock() // want `tableMu.Lock\(\) is not released on every path`
		t = table[:k]
	}
	if b == 16 {
		tableMu.Unlock()
	}
	return t
}

// Changing b between the two tests breaks the correlation.
func DivisorsChanged(b, k int) []int {
	var t []int
	if b == 10 {
		tableMu.Lock() // want `tableMu.Lock\(\) is not released on every path`
		t = table[:k]
		b = 2
	}
	if b == 10 {
		tableMu.Unlock()
	}
	return t
}
