package a

import (
	"errors"
	"log"
	"os"
	"sync"
	"time"
)

var errMissing = errors.New("missing")

type Sessions struct {
	mu sync.Mutex
	m  map[string]time.Time
}

type Cache struct {
	mu sync.RWMutex
	m  map[string]string
}

type Counter struct {
	sync.Mutex
	n map[string]int
}

var (
	globalMu sync.Mutex
	registry = map[string]int{}
)

// ---- positives ----

func (s *Sessions) Touch(id string) error {
	s.mu.Lock() // want `s.mu.Lock\(\) is not released on every path: the function returns at line 38`
	if _, ok := s.m[id]; !ok {
		return errMissing
	}
	s.m[id] = time.Now()
	s.mu.Unlock()
	return nil
}

func (c *Cache) Get(k string) (string, error) {
	c.mu.RLock() // want `c.mu.RLock\(\) is not released on every path`
	v, ok := c.m[k]
	if !ok {
		return "", errMissing
	}
	c.mu.RUnlock()
	return v, nil
}

func (c *Counter) Inc(k string) bool {
	c.Lock() // want `c.Lock\(\) is not released on every path`
	if k == "" {
		return false
	}
	c.n[k]++
	c.Unlock()
	return true
}

func (s *Sessions) FirstExpired(now time.Time) string {
	s.mu.Lock() // want `s.mu.Lock\(\) is not released on every path`
	for id, t := range s.m {
		if t.Before(now) {
			return id
		}
	}
	s.mu.Unlock()
	return ""
}

func (s *Sessions) Kind(id string) string {
	s.mu.Lock() // want `s.mu.Lock\(\) is not released on every path`
	switch len(id) {
	case 0:
		return "empty"
	case 1:
		s.mu.Unlock()
		return "short"
	}
	s.mu.Unlock()
	return "long"
}

func Register(name string) {
	globalMu.Lock() // want `globalMu.Lock\(\) is not released on every path`
	if _, dup := registry[name]; dup {
		return
	}
	registry[name] = len(registry)
	globalMu.Unlock()
}

func (s *Sessions) Handler() func(string) bool {
	return func(id string) bool {
		s.mu.Lock() // want `s.mu.Lock\(\) is not released on every path`
		if id == "" {
			return false
		}
		delete(s.m, id)
		s.mu.Unlock()
		return true
	}
}

func (s *Sessions) Wait(done <-chan struct{}, tick <-chan time.Time) error {
	s.mu.Lock() // want `s.mu.Lock\(\) is not released on every path`
	select {
	case <-done:
		return errMissing
	case <-tick:
	}
	s.mu.Unlock()
	return nil
}

func (s *Sessions) Sweep(ids []string) {
	for _, id := range ids {
		s.mu.Lock() // want `s.mu.Lock\(\) is not released on every path: the function loops back to this Lock`
		if id == "" {
			continue
		}
		delete(s.m, id)
		s.mu.Unlock()
	}
}

func (c *Cache) Put(k, v string) error {
	c.mu.Lock() // want `c.mu.Lock\(\) is not released on every path`
	if v == "" {
		c.mu.RUnlock() // the wrong unlock does not release a write lock
		return errMissing
	}
	c.m[k] = v
	c.mu.Unlock()
	return nil
}

// ---- negatives ----

func (s *Sessions) TouchDeferred(id string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.m[id]; !ok {
		return errMissing
	}
	s.m[id] = time.Now()
	return nil
}

func (s *Sessions) TouchExplicit(id string) error {
	s.mu.Lock()
	if _, ok := s.m[id]; !ok {
		s.mu.Unlock()
		return errMissing
	}
	s.m[id] = time.Now()
	s.mu.Unlock()
	return nil
}

// lockAll hands the lock to its caller, which unlocks it: no path releases
// it here, so it is not reported.
func (s *Sessions) lockAll() {
	s.mu.Lock()
}

func (s *Sessions) TouchDeferredLit(id string) error {
	s.mu.Lock()
	defer func() {
		s.mu.Unlock()
	}()
	if id == "" {
		return errMissing
	}
	s.m[id] = time.Now()
	return nil
}

func (s *Sessions) MustTouch(id string) {
	s.mu.Lock()
	if _, ok := s.m[id]; !ok {
		panic("unknown session " + id)
	}
	s.m[id] = time.Now()
	s.mu.Unlock()
}

func (s *Sessions) TouchOrDie(id string) {
	s.mu.Lock()
	if _, ok := s.m[id]; !ok {
		log.Fatalf("unknown session %s", id)
	}
	if id == "root" {
		os.Exit(2)
	}
	s.m[id] = time.Now()
	s.mu.Unlock()
}

func (c *Cache) GetRead(k string) (string, error) {
	c.mu.RLock()
	v, ok := c.m[k]
	c.mu.RUnlock()
	if !ok {
		return "", errMissing
	}
	return v, nil
}

func (c *Cache) GetOrFill(k string, fill func() string) string {
	c.mu.RLock()
	if v, ok := c.m[k]; ok {
		c.mu.RUnlock()
		return v
	}
	c.mu.RUnlock()
	c.mu.Lock()
	defer c.mu.Unlock()
	if v, ok := c.m[k]; ok {
		return v
	}
	v := fill()
	c.m[k] = v
	return v
}

func (s *Sessions) SweepAll(ids []string) {
	for _, id := range ids {
		s.mu.Lock()
		if id == "" {
			s.mu.Unlock()
			continue
		}
		delete(s.m, id)
		s.mu.Unlock()
	}
}

func (s *Sessions) Background(ids []string) {
	go func() {
		s.mu.Lock()
		defer s.mu.Unlock()
		for _, id := range ids {
			if id == "" {
				return
			}
			delete(s.m, id)
		}
	}()
}

func (s *Sessions) TryTouch(id string) bool {
	if !s.mu.TryLock() {
		return false
	}
	defer s.mu.Unlock()
	s.m[id] = time.Now()
	return true
}

func (c *Counter) Move(other *Counter, k string) error {
	c.Lock()
	defer c.Unlock()
	other.Lock()
	if other.n[k] == 0 {
		other.Unlock()
		return errMissing
	}
	other.n[k]--
	other.Unlock()
	c.n[k]++
	return nil
}

func (s *Sessions) Count() (n int) {
	s.mu.Lock()
	n = len(s.m)
	s.mu.Unlock()
	return
}

func (s *Sessions) Drain(wait func()) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.mu.Unlock()
	wait()
	s.mu.Lock()
	if len(s.m) == 0 {
		return 0
	}
	return len(s.m)
}

func (c *Cache) readLocked(k string) (string, func(), error) {
	c.mu.RLock()
	if c.m == nil {
		c.mu.RUnlock()
		return "", nil, errMissing
	}
	return c.m[k], c.mu.RUnlock, nil
}

func (c *Cache) lockIfOpen() error {
	c.mu.Lock()
	if c.m == nil {
		c.mu.Unlock()
		return errMissing
	}
	return nil
}

func (c *Cache) View(k string) (string, func(), error) {
	c.mu.RLock()
	if c.m == nil {
		c.mu.RUnlock()
		return "", nil, errMissing
	}
	return c.m[k], func() { c.mu.RUnlock() }, nil
}

// Provider hands its lock to the caller through a cleanup closure, and
// releases it through the same closure when setup fails.
type Provider struct {
	mu    sync.Mutex
	ready bool
}

func (p *Provider) setup() error { return nil }

func (p *Provider) initialize() (func() error, error) {
	p.mu.Lock()
	cleanup := func() error {
		p.mu.Unlock()
		return nil
	}
	if err := p.setup(); err != nil {
		return nil, errors.Join(err, cleanup())
	}
	p.ready = true
	return cleanup, nil
}

// The closure exists but the error path never calls it.
func (p *Provider) initializeLeaky() error {
	p.mu.Lock() // want `p.mu.Lock\(\) is not released on every path: the function returns at line 353`
	release := func() { p.mu.Unlock() }
	if err := p.setup(); err != nil {
		return err
	}
	p.ready = true
	release()
	return nil
}
