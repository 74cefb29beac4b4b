package interview

import (
	"encoding/json"
	"fmt"
	"math"
	"time"

	"github.com/drillhq/drill/internal/workspace"
)

const historyVersion = 1

// History is every finished interview of a workspace, oldest first.
type History struct {
	Version    int      `json:"version"`
	Interviews []Record `json:"interviews"`
}

// Record is what the history keeps of one interview: its totals, enough
// to compare the next one with it.
type Record struct {
	Start           time.Time `json:"start"`
	End             time.Time `json:"end"`
	Exercises       []string  `json:"exercises"`
	SpottedFirstTry int       `json:"spotted_first_try"`
	Fixed           int       `json:"fixed"`
	Hints           int       `json:"hints"`
	Seconds         int64     `json:"seconds"` // rounded up, as the clock shows it
}

// Record returns the card's entry for the history.
func (c Card) Record() Record {
	r := Record{Start: c.Start, End: c.End, SpottedFirstTry: c.SpottedFirstTry, Fixed: c.Fixed, Hints: c.Hints, Seconds: int64(math.Ceil(c.Elapsed().Seconds()))}
	for _, row := range c.Rows {
		r.Exercises = append(r.Exercises, row.ID)
	}
	return r
}

// LoadHistory reads the history at path; none yet is an empty one.
func LoadHistory(path string) (*History, error) {
	var h History
	found, err := readStrict(path, &h)
	if err != nil {
		return nil, fmt.Errorf("%w: repair it by hand, or move it away to start a new history", err)
	}
	if !found {
		return &History{Version: historyVersion}, nil
	}
	if h.Version != historyVersion {
		return nil, fmt.Errorf("%s has version %d, this drill reads %d: upgrade drill", path, h.Version, historyVersion)
	}
	return &h, nil
}

// Add appends r, or replaces the entry of the same interview: finishing
// writes the history before it removes the session, so an interview
// finished again after a crash between the two is still counted once.
func (h *History) Add(r Record) {
	for i, old := range h.Interviews {
		if old.Start.Equal(r.Start) {
			h.Interviews[i] = r
			return
		}
	}
	h.Interviews = append(h.Interviews, r)
}

// Save writes h to path atomically.
func (h *History) Save(path string) error {
	data, err := json.MarshalIndent(h, "", "  ")
	if err != nil {
		return err
	}
	return workspace.WriteFileAtomic(path, append(data, '\n'))
}

// Compare returns the lines that set r beside the interviews before it:
// the last one and, when it is another, the best. Interviews of different
// sizes compare by rate; nothing is printed for a first interview.
func (h *History) Compare(r Record) []string {
	var prev []Record
	for _, old := range h.Interviews {
		if !old.Start.Equal(r.Start) {
			prev = append(prev, old)
		}
	}
	if len(prev) == 0 {
		return nil
	}
	last, best := prev[len(prev)-1], prev[0]
	for _, old := range prev[1:] {
		if better(old, best) {
			best = old
		}
	}
	frac := func(n int, x Record) string { return fmt.Sprintf("%d/%d", n, len(x.Exercises)) }
	num := func(n int, _ Record) string { return fmt.Sprint(n) }
	clock := func(secs int64) string { return Clock(time.Duration(secs) * time.Second) }
	showBest := !best.Start.Equal(last.Start)
	line := func(what string, cur, lastV, bestV string) string {
		s := fmt.Sprintf("  %s %s (last time %s", what, cur, lastV)
		if showBest {
			s += ", best " + bestV
		}
		return s + ")"
	}
	head := "Compared with your previous interview:"
	if len(prev) > 1 {
		head = fmt.Sprintf("Compared with your %d previous interviews:", len(prev))
	}
	lines := []string{
		head,
		line("spotted first try", frac(r.SpottedFirstTry, r), frac(last.SpottedFirstTry, last), frac(best.SpottedFirstTry, best)),
		line("fixed", frac(r.Fixed, r), frac(last.Fixed, last), frac(best.Fixed, best)),
		line("hints", num(r.Hints, r), num(last.Hints, last), num(best.Hints, best)),
		line("time", clock(r.Seconds), clock(last.Seconds), clock(best.Seconds)),
	}
	if better(r, best) {
		lines = append(lines, "  Your best interview yet.")
	}
	return lines
}

// better ranks interviews: more fixed, then more spotted first try (both
// as a share of the exercises), then fewer hints, then less time.
func better(a, b Record) bool {
	ra, rb := rate(a.Fixed, a), rate(b.Fixed, b)
	if ra != rb {
		return ra > rb
	}
	if sa, sb := rate(a.SpottedFirstTry, a), rate(b.SpottedFirstTry, b); sa != sb {
		return sa > sb
	}
	if a.Hints != b.Hints {
		return a.Hints < b.Hints
	}
	return a.Seconds < b.Seconds
}

func rate(n int, r Record) float64 { return float64(n) / float64(max(1, len(r.Exercises))) }
