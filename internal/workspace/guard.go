package workspace

import (
	"bytes"
	"errors"
	"io/fs"
	"os"
)

// Guard keeps a copy of drill's progress files (the workspace's state.json
// and the user's progress key) taken before learner code runs, so that a
// check can tell whether the code under test rewrote them, and undo it.
// The key makes a forged record unverifiable, but code running as the user
// can read the key; the guard closes that for the workspace being checked.
type Guard struct {
	files map[string][]byte // path → content; nil for a file that did not exist
}

// Guard snapshots the progress files.
func (w *Workspace) Guard(getenv func(string) string) (*Guard, error) {
	key, err := KeyPath(getenv)
	if err != nil {
		return nil, err
	}
	g := &Guard{files: map[string][]byte{}}
	for _, p := range []string{w.statePath(), key} {
		data, err := os.ReadFile(p)
		if err != nil && !errors.Is(err, fs.ErrNotExist) {
			return nil, err
		}
		g.files[p] = data
	}
	return g, nil
}

// Restore puts back every guarded file that changed since the snapshot and
// returns their paths.
func (g *Guard) Restore() ([]string, error) {
	var changed []string
	for p, before := range g.files {
		now, err := os.ReadFile(p)
		if err != nil && !errors.Is(err, fs.ErrNotExist) {
			return changed, err
		}
		if bytes.Equal(now, before) && (now == nil) == (before == nil) {
			continue
		}
		changed = append(changed, p)
		if before == nil {
			err = os.Remove(p)
		} else {
			err = WriteFileAtomic(p, before)
		}
		if err != nil {
			return changed, err
		}
	}
	return changed, nil
}
