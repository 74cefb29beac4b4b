// Package lockleak reports a sync.Mutex or sync.RWMutex that is locked and
// then released on some paths to a return but not on others.
//
// # Analyzer lockleak
//
// lockleak: mutex left locked on an early return
//
// A function that locks a sync.Mutex or sync.RWMutex and unlocks it on some
// paths but not on others returns still holding the lock on those paths,
// typically an error return added between Lock and Unlock. Nothing fails at
// that moment: the next Lock of the same mutex, from any goroutine, blocks
// forever, and every request behind it hangs. Lock followed at once by
// defer Unlock releases the lock on every return.
//
// The check follows the control-flow graph from each Lock or RLock statement
// and reports it when one path reaches a return without the matching Unlock
// or RUnlock while another path releases it. It stays silent when the lock
// is handed to the caller on purpose: the function never releases it, its
// name starts with lock/rlock/acquire or ends in Locked, or the return hands
// back a func (the release). A deferred Unlock anywhere in the function
// covers every path, and paths ending in panic or os.Exit are ignored, as
// is a path that records the hold in a boolean field of the lock's owner
// (rs.scanHold = true while rs.mu is held: the next call releases it). A
// Lock taken under `if flag {` only follows the then-branch of a later
// `if flag {` (the Unlock under the same flag), unless flag changes; the
// same holds for a variable compared with a constant (`if b == 10 {`).
//
// Test code is checked like production code: a lock left held in a test
// hangs the next test that takes it.
//
// Bad:
//
//	func (s *Sessions) Touch(id string) error {
//		s.mu.Lock()
//		sess, ok := s.m[id]
//		if !ok {
//			return ErrNoSession // returns holding s.mu
//		}
//		sess.LastSeen = time.Now()
//		s.mu.Unlock()
//		return nil
//	}
//
// Good:
//
//	func (s *Sessions) Touch(id string) error {
//		s.mu.Lock()
//		defer s.mu.Unlock()
//		sess, ok := s.m[id]
//		if !ok {
//			return ErrNoSession
//		}
//		sess.LastSeen = time.Now()
//		return nil
//	}
package lockleak
