package order

import "sync"

type Account struct {
	mu  sync.Mutex
	bal int
}

type Ledger struct {
	mu      sync.Mutex
	entries []int
}

// Account then Ledger here...
func Deposit(a *Account, l *Ledger, n int) {
	a.mu.Lock()
	defer a.mu.Unlock()
	l.mu.Lock() // want `lock-order inversion: l.mu.Lock\(\) while holding a.mu \(Lock at line 17\), but Audit at line 29 locks a.mu while holding l.mu`
	l.entries = append(l.entries, n)
	l.mu.Unlock()
	a.bal += n
}

// ...and Ledger then Account here.
func Audit(l *Ledger, a *Account) int {
	l.mu.Lock()
	defer l.mu.Unlock()
	a.mu.Lock() // want `lock-order inversion: a.mu.Lock\(\) while holding l.mu \(Lock at line 27\), but Deposit at line 19 locks l.mu while holding a.mu`
	defer a.mu.Unlock()
	return a.bal + len(l.entries)
}

type Cache struct {
	mu sync.Mutex
	n  int
}

type Index struct {
	mu sync.Mutex
	n  int
}

// Look-alike: Cache then Index in both places.
func Fill(c *Cache, ix *Index) {
	c.mu.Lock()
	ix.mu.Lock()
	ix.n = c.n
	ix.mu.Unlock()
	c.mu.Unlock()
}

func Refill(c *Cache, ix *Index) {
	c.mu.Lock()
	defer c.mu.Unlock()
	ix.mu.Lock()
	defer ix.mu.Unlock()
	c.n = ix.n
}

// Look-alike: Index then Cache, but not nested (Index is released first).
func Sync(c *Cache, ix *Index) {
	ix.mu.Lock()
	n := ix.n
	ix.mu.Unlock()
	c.mu.Lock()
	c.n = n
	c.mu.Unlock()
}

// Look-alike: two instances of one type nested in either order.
func Transfer(from, to *Account, n int) {
	from.mu.Lock()
	to.mu.Lock()
	from.bal -= n
	to.bal += n
	to.mu.Unlock()
	from.mu.Unlock()
}

type Users struct {
	mu sync.RWMutex
	n  int
}

type Groups struct {
	mu sync.RWMutex
	n  int
}

// Look-alike: both orders, but only read locks: readers never wait for
// readers.
func Count(u *Users, g *Groups) int {
	u.mu.RLock()
	defer u.mu.RUnlock()
	g.mu.RLock()
	defer g.mu.RUnlock()
	return u.n + g.n
}

func CountBack(g *Groups, u *Users) int {
	g.mu.RLock()
	defer g.mu.RUnlock()
	u.mu.RLock()
	defer u.mu.RUnlock()
	return u.n + g.n
}

type Parent struct {
	mu    sync.Mutex
	child *Child
	n     int
}

type Child struct {
	mu     sync.Mutex
	parent *Parent
	n      int
}

func (c *Child) Value() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.n
}

func (p *Parent) Bump() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.n++
}

// Through calls: Parent then Child...
func (p *Parent) Total() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.n + p.child.Value() // want `lock-order inversion: Value\(\) locks p.child.mu while holding p.mu`
}

// ...and Child then Parent.
func (c *Child) Notify() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.parent.Bump() // want `lock-order inversion: Bump\(\) locks c.parent.mu while holding c.mu`
}

// Look-alike: the Child's mutex is released before the parent is told.
func (c *Child) NotifyAfter() {
	c.mu.Lock()
	c.n++
	c.mu.Unlock()
	c.parent.Bump()
}

// Look-alike (syscall's ForkLock): acquire returns holding forkLock on only
// some of its paths, and release takes countLock before unlocking it, so
// no path holds forkLock while locking countLock in acquire's order.
var (
	forkLock  sync.RWMutex
	countLock sync.Mutex
	forking   int
)

func acquire() {
	countLock.Lock()
	defer countLock.Unlock()
	if forking == 0 {
		forkLock.Lock()
	}
	forking++
}

func release() {
	countLock.Lock()
	defer countLock.Unlock()
	forking--
	if forking == 0 {
		forkLock.Unlock()
	}
}

func Fork() {
	acquire()
	release()
}
