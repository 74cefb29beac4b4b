package tally

import (
	"errors"
	"sync"
)

// Tally counts votes per option.
type Tally struct {
	mu    sync.Mutex
	votes map[string]int
}

// New returns an empty tally.
func New() *Tally { return &Tally{votes: map[string]int{}} }

// Add records n votes for option.
func (t *Tally) Add(option string, n int) error {
	t.mu.Lock()
	if n <= 0 {
		return errors.New("tally: votes must be positive")
	}
	t.votes[option] += n
	t.mu.Unlock()
	return nil
}

// Count returns the votes for option.
func (t *Tally) Count(option string) int {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.votes[option]
}
