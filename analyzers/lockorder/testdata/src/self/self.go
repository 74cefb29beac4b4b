package self

import "sync"

type Store struct {
	mu    sync.Mutex
	m     map[string]int
	inner *Inner
}

type Inner struct {
	mu sync.RWMutex
	n  int
}

// Direct double Lock on one path.
func (s *Store) Double() {
	s.mu.Lock()
	s.m["a"] = 1
	s.mu.Lock() // want `s.mu.Lock\(\) while this goroutine already holds s.mu \(Lock at line 18\): sync mutexes are not reentrant`
	s.mu.Unlock()
}

// Look-alike: unlocked in between.
func (s *Store) Relock() {
	s.mu.Lock()
	s.m["a"] = 1
	s.mu.Unlock()
	s.mu.Lock()
	s.mu.Unlock()
}

func (s *Store) get(k string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.m[k]
}

// Through a same-package method that locks the same receiver field.
func (s *Store) Incr(k string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	v := s.get(k) // want `get\(\) calls s.mu.Lock\(\) \(line 34\) while this goroutine already holds s.mu \(Lock at line 41\)`
	s.m[k] = v + 1
}

// Look-alike: get's deferred unlock runs before get returns, so the
// caller holds nothing afterwards.
func (s *Store) IncrAfter(k string) {
	v := s.get(k)
	s.mu.Lock()
	s.m[k] = v + 1
	s.mu.Unlock()
}

// Look-alike: a different Store.
func (s *Store) CopyFrom(other *Store, k string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.m[k] = other.get(k)
}

// Look-alike: two parameters are two mutexes.
func Both(a, b *Store) {
	a.mu.Lock()
	b.mu.Lock()
	b.mu.Unlock()
	a.mu.Unlock()
}

func (s *Store) getLocked(k string) int { return s.m[k] }

// Look-alike: the Locked suffix says the callee expects the lock held.
func (s *Store) Peek(k string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.getLocked(k)
}

// A helper that locks only when told to: the caller's flag decides.
func (s *Store) read(k string, lock bool) int {
	if lock {
		s.mu.Lock()
		defer s.mu.Unlock()
	}
	return s.m[k]
}

// The same with an early return.
func (s *Store) read2(k string, held bool) int {
	if held {
		return s.m[k]
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.m[k]
}

// Look-alike: read(k, false) and read2(k, true) do not lock.
func (s *Store) ReadHeld(k string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.read(k, false) + s.read2(k, true)
}

// waitUnlocked drops the caller's lock for a while and takes it back.
func (s *Store) waitUnlocked() {
	s.mu.Unlock()
	s.mu.Lock()
}

func (s *Store) pause() {
	s.mu.Unlock()
	s.mu.Lock()
}

// Look-alike: pause releases the lock before relocking it.
func (s *Store) Pause() {
	s.mu.Lock()
	s.pause()
	s.mu.Unlock()
}

func (s *Store) release() { s.mu.Unlock() }

// Look-alike: release unlocks, so the next Lock is fine.
func (s *Store) Handoff() {
	s.mu.Lock()
	s.release()
	s.mu.Lock()
	s.mu.Unlock()
}

// Look-alike: a method value and a closure that unlock.
func (s *Store) Values() {
	unlock := s.mu.Unlock
	s.mu.Lock()
	unlock()
	s.mu.Lock()
	done := func() { s.mu.Unlock() }
	done()
	s.mu.Lock()
	s.mu.Unlock()
}

// Look-alike: TryLock never blocks.
func (s *Store) Try() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.mu.TryLock()
}

// Look-alike: the helper runs on another goroutine.
func (s *Store) Async(k string) {
	s.mu.Lock()
	go s.get(k)
	s.mu.Unlock()
}

// Look-alike: locked on one path only.
func (s *Store) Maybe(cond bool) {
	if cond {
		s.mu.Lock()
	}
	s.mu.Lock()
	s.mu.Unlock()
}

// Look-alike: a callback may have unlocked.
func (s *Store) Callback(f func()) {
	s.mu.Lock()
	f()
	s.mu.Lock()
	s.mu.Unlock()
}

// Read lock re-entered through a helper.
func (in *Inner) N() int {
	in.mu.RLock()
	defer in.mu.RUnlock()
	return in.n
}

func (in *Inner) Double() int {
	in.mu.RLock()
	defer in.mu.RUnlock()
	return in.N() * 2 // want `N\(\) calls in.mu.RLock\(\) \(line 179\) while this goroutine already holds in.mu \(RLock at line 185\): a writer that queues`
}

// Look-alike: N after the read lock is released.
func (in *Inner) Twice() int {
	in.mu.RLock()
	n := in.n
	in.mu.RUnlock()
	return n + in.N()
}

// Lock while holding the read lock of the same RWMutex.
func (in *Inner) Upgrade() {
	in.mu.RLock()
	if in.n == 0 {
		in.mu.Lock() // want `in.mu.Lock\(\) while this goroutine already holds in.mu \(RLock at line 200\): Lock waits for every reader`
		in.n = 1
		in.mu.Unlock()
	}
	in.mu.RUnlock()
}

// Look-alike: the read lock is dropped before upgrading.
func (in *Inner) UpgradeSafe() {
	in.mu.RLock()
	n := in.n
	in.mu.RUnlock()
	if n == 0 {
		in.mu.Lock()
		in.n = 1
		in.mu.Unlock()
	}
}

// Through a field path.
func (s *Store) InnerTwice() int {
	s.inner.mu.Lock()
	defer s.inner.mu.Unlock()
	return s.inner.N() // want `N\(\) calls s.inner.mu.RLock\(\)`
}

// Look-alike: s.inner was replaced, so s.inner.mu is another mutex.
func (s *Store) Swap(next *Inner) int {
	s.inner.mu.Lock()
	old := s.inner
	s.inner = next
	n := s.inner.N()
	old.mu.Unlock()
	return n
}

// Look-alike: elements of one slice are many mutexes.
func Each(mus []sync.Mutex, i, j int) {
	mus[i].Lock()
	mus[j].Lock()
	mus[j].Unlock()
	mus[i].Unlock()
}

var (
	regMu sync.Mutex
	reg   = map[string]int{}
)

func lookup(k string) int {
	regMu.Lock()
	defer regMu.Unlock()
	return reg[k]
}

// A package-level mutex locked again through a helper.
func Register(k string) {
	regMu.Lock()
	defer regMu.Unlock()
	reg[k] = lookup(k) + 1 // want `lookup\(\) calls regMu.Lock\(\)`
}

// Look-alike: sync.Once is not a mutex.
var once sync.Once

func Init() {
	once.Do(func() {
		once.Do(func() {})
	})
}

// lock and unlock are helpers: Lock on every path, held at return.
func (s *Store) lock()   { s.mu.Lock() }
func (s *Store) unlock() { s.mu.Unlock() }

func (s *Store) Helpers() {
	s.lock()
	s.lock() // want `lock\(\) calls s.mu.Lock\(\) \(line 274\) while this goroutine already holds s.mu \(Lock at line 278\)`
	s.unlock()
}

// Look-alike: the helpers pair up.
func (s *Store) HelpersPaired() {
	s.lock()
	s.unlock()
	s.lock()
	s.unlock()
}

// A closure capturing the receiver, and the receiver locked twice in the
// method that made it.
func (s *Store) Spilled() {
	go func() {
		s.mu.Lock()
		s.mu.Unlock()
	}()
	s.mu.Lock()
	s.get("x") // want `get\(\) calls s.mu.Lock\(\)`
	s.mu.Unlock()
}

// Look-alike: the loop unlocks before the next iteration locks.
func (s *Store) Loop(ks []string) {
	for _, k := range ks {
		s.mu.Lock()
		if k == "" {
			s.mu.Unlock()
			continue
		}
		s.m[k]++
		s.mu.Unlock()
	}
}

// Importer embeds its RWMutex.
type Importer struct {
	sync.RWMutex
	status string
}

func (im *Importer) getStatus() string {
	im.RLock()
	s := im.status
	im.RUnlock()
	return s
}

// Both calls re-enter the read lock: getStatus unlocks only its own RLock.
func (im *Importer) isDone() bool {
	im.RLock()
	defer im.RUnlock()
	return im.getStatus() == "a" || // want `getStatus\(\) calls im.RWMutex.RLock\(\)`
		im.getStatus() == "b" // want `getStatus\(\) calls im.RWMutex.RLock\(\)`
}

// Look-alike: the status is read once, without holding the lock.
func (im *Importer) IsDoneSafe() bool {
	s := im.getStatus()
	return s == "a" || s == "b"
}

// Look-alike: by its name, resetLocked runs with s.mu held and does not
// take it; its body is not second-guessed.
func (s *Store) resetLocked() {
	s.mu.Lock()
	s.m = map[string]int{}
	s.mu.Unlock()
}

func (s *Store) Reset() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.resetLocked()
}
