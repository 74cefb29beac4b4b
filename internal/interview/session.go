// Package interview is drill's mock code-review interview: which unseen
// exercises an interview takes, the session that survives between drill
// commands (and a closed terminal, Ctrl-C or a crash: it lives in a file
// and every step rewrites it atomically), the scorecard computed from the
// learner's progress record, and the history it is compared with.
//
// The package reads and writes only the paths it is handed; the command
// line (internal/cli) decides where they are and what to print around them.
package interview

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"math"
	"os"
	"time"

	"github.com/drillhq/drill/internal/workspace"
)

const sessionVersion = 1

// Session is an interview in progress.
type Session struct {
	Version  int       `json:"version"`
	Start    time.Time `json:"start"`
	Deadline time.Time `json:"deadline"`
	Items    []Item    `json:"exercises"`
}

// Item is one exercise of the interview. Items are worked on in order: the
// current one is the first the learner has not moved on from.
type Item struct {
	ID string `json:"id"`
	// Family is kept from the pack at the start, so the scorecard can name
	// it even if the pack is gone by the time the interview ends.
	Family string `json:"family"`
	// HandedOut starts the exercise's own clock; nil until it is reached.
	HandedOut *time.Time `json:"handed_out,omitempty"`
	// Left is when the learner moved on (solved or skipped); nil while it
	// is current.
	Left    *time.Time `json:"left,omitempty"`
	Skipped bool       `json:"skipped,omitempty"`
}

// New returns a session starting at start with budget on the clock over
// picks, none handed out yet.
func New(start time.Time, budget time.Duration, picks []Candidate) *Session {
	s := &Session{Version: sessionVersion, Start: start.UTC(), Deadline: start.Add(budget).UTC()}
	for _, p := range picks {
		s.Items = append(s.Items, Item{ID: p.ID, Family: p.Family})
	}
	return s
}

// Budget converts a --minutes value into the interview's time on the clock,
// refusing what is no interview: zero, negative, not a number, or more
// than a day (which would also overflow a Duration long before a float64).
func Budget(minutes float64) (time.Duration, error) {
	if math.IsNaN(minutes) || minutes <= 0 || minutes > 24*60 {
		return 0, fmt.Errorf("--minutes must be more than 0 and at most 1440 (a day), got %v", minutes)
	}
	return time.Duration(minutes * float64(time.Minute)), nil
}

// Current returns the index of the exercise being worked on, or false when
// the learner has moved on from every one.
func (s *Session) Current() (int, bool) {
	for i, it := range s.Items {
		if it.Left == nil {
			return i, true
		}
	}
	return len(s.Items), false
}

// HandOut starts the current exercise's clock at now, unless it runs
// already: handing the same exercise out again (a resumed session prints
// its brief again) must not give the learner fresh time.
func (s *Session) HandOut(now time.Time) {
	if i, ok := s.Current(); ok && s.Items[i].HandedOut == nil {
		t := now.UTC()
		s.Items[i].HandedOut = &t
	}
}

// MoveOn ends the current exercise at now (skipped: given up) and reports
// whether another one follows.
func (s *Session) MoveOn(now time.Time, skipped bool) bool {
	i, ok := s.Current()
	if !ok {
		return false
	}
	t := now.UTC()
	s.Items[i].Left, s.Items[i].Skipped = &t, skipped
	_, more := s.Current()
	return more
}

// Over reports whether the clock has run out at now.
func (s *Session) Over(now time.Time) bool { return !now.Before(s.Deadline) }

// TimeLeft is what remains on the clock at now, never negative.
func (s *Session) TimeLeft(now time.Time) time.Duration { return max(0, s.Deadline.Sub(now)) }

// Clock formats d as a countdown: m:ss, or h:mm:ss from an hour on.
// Seconds round up, so the clock reads 0:00 only when time is up.
func Clock(d time.Duration) string {
	secs := int64(math.Ceil(max(0, d).Seconds()))
	h, m, sec := secs/3600, secs/60%60, secs%60
	if h > 0 {
		return fmt.Sprintf("%d:%02d:%02d", h, m, sec)
	}
	return fmt.Sprintf("%d:%02d", m, sec)
}

// Load reads the session at path: nil (and no error) when there is none.
func Load(path string) (*Session, error) {
	var s Session
	found, err := readStrict(path, &s)
	if err != nil {
		return nil, fmt.Errorf("%w: move it away to end that interview without a scorecard", err)
	}
	if !found {
		return nil, nil
	}
	if s.Version != sessionVersion {
		return nil, fmt.Errorf("%s has version %d, this drill reads %d: upgrade drill, or move the file away to end that interview", path, s.Version, sessionVersion)
	}
	if len(s.Items) == 0 || s.Deadline.Before(s.Start) {
		return nil, fmt.Errorf("%s holds no exercises or a deadline before its start: move it away to end that interview", path)
	}
	return &s, nil
}

// Save writes s to path atomically: an interrupted save leaves the previous
// step's session, never half of one.
func (s *Session) Save(path string) error {
	data, err := json.MarshalIndent(s, "", "  ")
	if err != nil {
		return err
	}
	return workspace.WriteFileAtomic(path, append(data, '\n'))
}

// Remove deletes the session at path; one already gone is no error.
func Remove(path string) error {
	if err := os.Remove(path); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	return nil
}

// readStrict decodes the JSON file at path into v, refusing unknown
// fields; found is false when there is no file. A decoding error names
// the file as corrupt, for the caller to add what to do about it.
func readStrict(path string, v any) (found bool, err error) {
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return false, fmt.Errorf("%s is corrupt (%v)", path, err)
	}
	return true, nil
}
