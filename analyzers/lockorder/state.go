package lockorder

import (
	"go/token"
	"maps"
	"sort"
	"strings"
)

// The facts the must-hold analysis carries along a function's control flow.

// hold is one acquisition of a mutex: where, and whether it was a read
// lock.
type hold struct {
	p      mpath
	shared bool      // RLock
	pos    token.Pos // the Lock, or the call that locked it
}

// state is what is known at one point of a function.
type state struct {
	// held: locked on every path to here and not unlocked since.
	held map[string]hold
	// first: locked by this function on every path to here while it had
	// not yet touched that mutex (no earlier Unlock of it): what a caller
	// that already holds it would deadlock on.
	first map[string]hold
	// touched: locked or unlocked on some path to here.
	touched map[string]bool
}

func newState() *state {
	return &state{held: map[string]hold{}, first: map[string]hold{}, touched: map[string]bool{}}
}

func (s *state) clone() *state {
	c := newState()
	maps.Copy(c.held, s.held)
	maps.Copy(c.first, s.first)
	for k := range s.touched {
		c.touched[k] = true
	}
	return c
}

// meet merges out, the state at the end of a predecessor, into s, the
// state at the start of a block: held and first on every path, touched on
// any. It reports whether s changed.
func (s *state) meet(out *state) bool {
	changed := false
	for k, h := range s.held {
		o, ok := out.held[k]
		switch {
		case !ok:
			delete(s.held, k)
			changed = true
		case o.shared && !h.shared:
			// Write-locked on one path, read-locked on the other: all
			// that is certain is a read lock.
			h.shared = true
			s.held[k] = h
			changed = true
		}
	}
	for k := range s.first {
		if _, ok := out.first[k]; !ok {
			delete(s.first, k)
			changed = true
		}
	}
	for k := range out.touched {
		if !s.touched[k] {
			s.touched[k] = true
			changed = true
		}
	}
	return changed
}

// release forgets a mutex unlocked here.
func (s *state) release(p mpath) {
	delete(s.held, p.key())
	s.touched[p.key()] = true
}

// forgetAll forgets every held mutex: a call whose effect is unknown may
// have unlocked any of them.
func (s *state) forgetAll() {
	for k := range s.held {
		delete(s.held, k)
		s.touched[k] = true
	}
}

// storedTo forgets the held mutexes reached through the address a store
// writes: after s.cur = next, s.cur.mu is another mutex.
func (s *state) storedTo(addr mpath) {
	prefix := addr.key()
	for k := range s.held {
		if strings.HasPrefix(k, prefix) && len(k) > len(prefix) && strings.ContainsRune("*.[&", rune(k[len(prefix)])) {
			delete(s.held, k)
		}
	}
}

// heldSorted lists the held mutexes in a fixed order.
func (s *state) heldSorted() []hold {
	keys := make([]string, 0, len(s.held))
	for k := range s.held {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	out := make([]hold, len(keys))
	for i, k := range keys {
		out[i] = s.held[k]
	}
	return out
}
