package flow_test

import (
	"testing"

	"github.com/drillhq/drill/analyzers/internal/flow"
)

const locksSrc = `package p

import "sync"

func inside()  {}
func outside() {}

type S struct {
	mu sync.Mutex
	rw sync.RWMutex
}

func (s *S) lockShard()   {}
func (s *S) unlockShard() {}
func (s *S) ShardLock()   {}
func (s *S) Deadlock()    {}

type clock struct{}

func (clock) Clock() {}
func (clock) Block() {}

func (s *S) locked() {
	s.mu.Lock()
	inside()
	s.mu.Unlock()
	outside()
}

func (s *S) deferred() {
	s.mu.Lock()
	defer s.mu.Unlock()
	inside()
}

// Locked on one path only: not held after the merge.
func (s *S) oneBranch(b bool) {
	if b {
		s.mu.Lock()
	}
	outside()
	if b {
		s.mu.Unlock()
	}
}

// Released on one path only: not held after the merge either.
func (s *S) unlockOnOnePath(b bool) {
	s.mu.Lock()
	if b {
		s.mu.Unlock()
	}
	outside()
}

// The same lock taken on both paths: held after the merge.
func (s *S) bothBranches(b bool) {
	if b {
		s.mu.Lock()
	} else {
		s.mu.Lock()
	}
	inside()
}

// A different lock on each path: neither is held on every path.
func (s *S) eitherLock(b bool) {
	if b {
		s.mu.Lock()
	} else {
		s.rw.Lock()
	}
	outside()
}

func (s *S) reader() {
	s.rw.RLock()
	inside()
	s.rw.RUnlock()
	outside()
}

func (s *S) tryLock() {
	if s.mu.TryLock() {
		inside()
	}
}

func (s *S) helpers() {
	s.lockShard()
	inside()
	s.unlockShard()
	outside()
}

func (s *S) suffixHelper() {
	s.ShardLock()
	inside()
}

func (s *S) viaInterface(l sync.Locker) {
	l.Lock()
	inside()
	l.Unlock()
	outside()
}

// Names that only look like locking.
func (s *S) lookAlikes(c clock) {
	c.Clock()
	c.Block()
	s.Deadlock()
	outside()
}

func (s *S) recovers() {
	defer func() { recover() }()
	outside()
}
`

// ComputeLocks holds a lock from Lock to Unlock on every path: through a
// defer to the end, after a merge only if both paths took it, for RLock,
// TryLock, lock helpers named so, and sync.Locker; not for names that only
// look like locking.
func TestComputeLocksHeldAt(t *testing.T) {
	pkg := buildSSA(t, locksSrc)
	for _, name := range []string{
		"S.locked", "S.deferred", "S.oneBranch", "S.unlockOnOnePath", "S.bothBranches", "S.eitherLock", "S.reader", "S.tryLock",
		"S.helpers", "S.suffixHelper", "S.viaInterface", "S.lookAlikes", "S.recovers",
	} {
		fn := function(t, pkg, name)
		locks := flow.ComputeLocks(fn)
		for _, c := range calls(fn, "inside") {
			if !locks.HeldAt(c) {
				t.Errorf("%s: no lock held at inside() (%v)", name, fn.Prog.Fset.Position(c.Pos()))
			}
		}
		for _, c := range calls(fn, "outside") {
			if locks.HeldAt(c) {
				t.Errorf("%s: lock held at outside() (%v)", name, fn.Prog.Fset.Position(c.Pos()))
			}
		}
	}
	// The recover block is not reachable from the entry: its instructions
	// count as protected rather than guessed at.
	fn := function(t, pkg, "S.recovers")
	if fn.Recover == nil || len(fn.Recover.Instrs) == 0 {
		t.Fatal("recovers: no recover block")
	}
	if !flow.ComputeLocks(fn).HeldAt(fn.Recover.Instrs[0]) {
		t.Errorf("recovers: recover block should count as held")
	}
}
