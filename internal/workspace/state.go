package workspace

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"time"

	"github.com/rogpeppe/go-internal/lockedfile"
)

// Exercise statuses as drill list shows them.
const (
	Pending  = "pending"
	Current  = "current"
	Solved   = "solved"
	Revealed = "revealed"
)

const stateVersion = 1

// State is the learner's progress, kept in .drill/state.json.
type State struct {
	Version   int                  `json:"version"`
	Current   string               `json:"current,omitempty"`
	Exercises map[string]*Progress `json:"exercises"`
}

// Progress is what drill remembers about one exercise.
type Progress struct {
	// Solved is set by the first passing check; Revealed by a solution
	// shown before that. Both may be true (revealed, then solved).
	// Solved counts only with a Proof that verifies (see Evidence).
	Solved     bool       `json:"solved,omitempty"`
	Revealed   bool       `json:"revealed,omitempty"`
	Attempts   int        `json:"attempts"`
	HintsShown int        `json:"hints_shown"`
	Started    time.Time  `json:"started"`
	SolvedAt   *time.Time `json:"solved_at,omitempty"`
	// Files is the FilesDigest of the code that passed; Proof seals the
	// solve with the user's key.
	Files string `json:"files,omitempty"`
	Proof string `json:"proof,omitempty"`
	// Spots are the learner's drill spot attempts, in order.
	Spots []Spot `json:"spots,omitempty"`
}

// SpotRight is the verdict of a spot attempt that hit the bug (the
// verdicts are exercise.SpotRight, SpotClose and SpotWrong).
const SpotRight = "right"

// Spot is one drill spot attempt.
type Spot struct {
	At      time.Time `json:"at"`
	File    string    `json:"file"` // slash path inside the exercise folder
	Start   int       `json:"start"`
	End     int       `json:"end"`
	Verdict string    `json:"verdict"`
	// Family is the class the learner named with --as ("" if none), and
	// FamilyRight whether it was the exercise's.
	Family      string `json:"family,omitempty"`
	FamilyRight bool   `json:"family_right,omitempty"`
	// Unaided is false when the learner had already run a check (whose
	// findings may point at the lines) or seen the solution: such a spot
	// is recorded but never counts as spotted first try.
	Unaided bool `json:"unaided"`
	// Proof seals the attempt, its place in the list and the one before
	// it with the user's key (see Evidence.SealSpot).
	Proof string `json:"proof,omitempty"`
}

// Status is the exercise's status for listing. A solve counts only if ev
// verifies it: an unproven "solved" reads as not solved.
func (s *State) Status(ev *Evidence, id string) string {
	p := s.Exercises[id]
	switch {
	case p != nil && p.Revealed:
		// Seen before it was solved: the record says so even after a pass.
		// Claiming more than the truth here only costs the learner.
		return Revealed
	case ev.Verified(id, p):
		return Solved
	case s.Current == id:
		return Current
	default:
		return Pending
	}
}

// Unproven returns, sorted, the exercises whose record claims a solve
// that ev does not verify: hand-edited, written by other code, or sealed
// with a key since lost.
func (s *State) Unproven(ev *Evidence) []string {
	var ids []string
	for id, p := range s.Exercises {
		if p != nil && p.Solved && !ev.Verified(id, p) {
			ids = append(ids, id)
		}
	}
	sort.Strings(ids)
	return ids
}

// Get returns the progress record of id, creating it.
func (s *State) Get(id string) *Progress {
	if s.Exercises == nil {
		s.Exercises = map[string]*Progress{}
	}
	p := s.Exercises[id]
	if p == nil {
		p = &Progress{}
		s.Exercises[id] = p
	}
	return p
}

func (w *Workspace) statePath() string { return filepath.Join(w.metaDir(), "state.json") }

// LoadState reads the progress without locking (a snapshot for display).
func (w *Workspace) LoadState() (*State, error) {
	data, err := os.ReadFile(w.statePath())
	if errors.Is(err, fs.ErrNotExist) {
		return &State{Version: stateVersion, Exercises: map[string]*Progress{}}, nil
	}
	if err != nil {
		return nil, err
	}
	return w.parseState(data)
}

func (w *Workspace) parseState(data []byte) (*State, error) {
	if len(bytes.TrimSpace(data)) == 0 {
		return &State{Version: stateVersion, Exercises: map[string]*Progress{}}, nil
	}
	var s State
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&s); err != nil {
		return nil, fmt.Errorf("%s is corrupt (%v): drill left it untouched; repair it by hand, or move it away to start over", w.statePath(), err)
	}
	if s.Version != stateVersion {
		return nil, fmt.Errorf("%s has version %d, this drill reads %d: drill left it untouched; upgrade drill", w.statePath(), s.Version, stateVersion)
	}
	if s.Exercises == nil {
		s.Exercises = map[string]*Progress{}
	}
	return &s, nil
}

// Update reads the state, applies fn and writes the result, holding a lock
// so that two drill processes never lose each other's changes. The file is
// replaced atomically; if fn fails nothing is written.
func (w *Workspace) Update(fn func(*State) error) error {
	unlock, err := lockedfile.MutexAt(filepath.Join(w.metaDir(), "state.lock")).Lock()
	if err != nil {
		return fmt.Errorf("cannot lock the progress file: %w", err)
	}
	defer unlock()
	s, err := w.LoadState()
	if err != nil {
		return err
	}
	if err := fn(s); err != nil {
		return err
	}
	data, err := json.MarshalIndent(s, "", "  ")
	if err != nil {
		return err
	}
	return WriteFileAtomic(w.statePath(), append(data, '\n'))
}
