// Package lockorder reports deadlocks that follow from how mutexes are
// taken: a goroutine locking a mutex it already holds, two mutexes locked
// in opposite orders, and a mutex held while waiting for a goroutine that
// needs it.
//
// # Analyzer lockorder
//
// lockorder: mutex locked while already held, locked in inconsistent order, or held while waiting for a goroutine that needs it
//
// sync.Mutex and sync.RWMutex are not reentrant. A goroutine that calls
// s.mu.Lock() while it holds s.mu, directly or through a helper of the same
// package that locks s.mu itself, waits for itself forever. RLock is no
// exception: once a writer queues on an RWMutex, new readers wait behind
// it, so a goroutine that takes s.mu.RLock() twice (a method holding the
// read lock calls another that read-locks too) deadlocks as soon as a
// writer arrives between the two; and Lock while holding RLock waits for a
// reader that is the goroutine itself. The analyzer follows each function's
// control flow, keeps the mutexes held on every path (s.mu, s.cache.mu, a
// package-level mutex), and learns from the package's own functions which
// of their receiver's or arguments' mutexes they lock on every path, unlock,
// or return holding (lock helpers).
//
// It also reports lock-order inversions: one place locks a mutex of class
// X (the mu field of type Store, or a package-level variable) and then one
// of class Y while holding the first, and another place of the same package
// locks Y and then X. Two goroutines running one each deadlock, each holding
// what the other waits for. Both acquisition sites are reported.
//
// And it reports a function that holds a mutex while it waits for a
// goroutine it started, when that goroutine locks the same mutex before it
// would end the wait: wg.Wait() while the goroutine locks the mutex
// (directly, or through a same-package function that locks it on every
// path) before its wg.Done() (direct or deferred; with wg.Go, before it
// returns); or a send on (receive from) an unbuffered channel the function
// made, while every goroutine it started that would receive from (send on
// or close) that channel locks the mutex first. The goroutine waits for the
// lock, the function for the goroutine.
//
// Test code is checked like production code: a self-deadlock or an
// inversion in a test hangs the test binary.
//
// Bad:
//
//	func (c *Cache) Get(k string) (V, bool) {
//		c.mu.RLock()
//		defer c.mu.RUnlock()
//		if c.expired(k) {
//			c.Delete(k) // Delete does c.mu.Lock(): waits for our own RLock
//		}
//		return c.m[k], true
//	}
//
// Good:
//
//	func (c *Cache) Get(k string) (V, bool) {
//		c.mu.Lock()
//		defer c.mu.Unlock()
//		if c.expired(k) {
//			c.deleteLocked(k) // expects c.mu held, does not lock it
//		}
//		return c.m[k], true
//	}
//
// What it deliberately does not report: a Lock after the matching Unlock,
// and deferred unlocks (they run at return). Mutexes of different instances:
// a.mu and b.mu of two parameters, elements of a slice or map (mus[i] and
// mus[j]), s.cur.mu after s.cur was reassigned. A lock held on only some
// paths, and a helper that locks on only some of its paths (it may take a
// flag saying whether the caller holds the lock). Calls of functions whose
// name ends in Locked, which by convention expect the lock held and do not
// take it. TryLock, which never blocks. Locks taken across a call of a
// function value or of another package, whose effect is not known: after
// one the analyzer assumes nothing is held. Two instances of one class
// nested in either order (transfer(from, to) locking two accounts), which
// only the values at run time decide; and an inversion where both sides
// only read-lock both mutexes.
//
// Of a wait while holding a lock, it deliberately does not report: a
// goroutine started elsewhere (a worker started by Start and waited for by
// Close), whose relation to this wait is not visible here; a goroutine
// whose lock comes only after its Done, send or receive (it waits for the
// unlock harmlessly), or in a loop after the first receive; a goroutine
// that takes the mutex with TryLock, or read-locks it while the function
// read-locks it too; a lock taken on only some paths of a callee, or inside
// a function value or a deferred closure; a Done, send or close inside a
// helper the goroutine calls. Of channels: buffered ones, and channels the
// function did not make, reassigns, or hands to anything but goroutines it
// starts (another party may take the other side); a select in the
// goroutine on the channel, which may take the other side before any lock;
// and a channel that some goroutine can serve without locking the mutex.
package lockorder
