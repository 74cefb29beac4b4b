package interview

import (
	"fmt"
	"strings"
	"time"

	"github.com/drillhq/drill/internal/workspace"
)

// Spot answers of the scorecard.
const (
	SpotYes      = "yes"
	SpotNo       = "no"
	SpotNotTried = "not tried"
)

// Row is one exercise of the scorecard.
type Row struct {
	ID, Family string
	Reached    bool   // handed out before the interview ended
	Spot       string // SpotYes, SpotNo or SpotNotTried
	Attempts   int    // drill spot attempts
	Fixed      bool   // solved with proof, unrevealed, before the clock ran out
	Note       string // why an unfixed exercise is not: skipped, revealed, late
	Time       time.Duration
	Hints      int
}

// Card is the scorecard of a finished interview.
type Card struct {
	Start, End time.Time
	TimeUp     bool // the clock ran out (rather than the last exercise done or --stop)
	Rows       []Row
	// Totals over the rows.
	SpottedFirstTry, Fixed, Hints int
}

// Score computes the scorecard of s finished at now from the learner's
// progress record st: drill spot, check and hint record what they do there
// as always, so none of them needs to know about interviews. Only what ev
// vouches for counts: solves and spot attempts sealed with the user's key.
func Score(s *Session, st *workspace.State, ev *workspace.Evidence, now time.Time) Card {
	end := now.UTC()
	if end.After(s.Deadline) {
		end = s.Deadline
	}
	card := Card{Start: s.Start, End: end, TimeUp: s.Over(now)}
	for _, it := range s.Items {
		row := Row{ID: it.ID, Family: it.Family, Spot: SpotNotTried, Reached: it.HandedOut != nil}
		if !row.Reached {
			row.Note = "not reached"
			card.Rows = append(card.Rows, row)
			continue
		}
		from := *it.HandedOut
		stop := end
		if it.Left != nil && it.Left.Before(stop) {
			stop = *it.Left
		}
		p := st.Exercises[it.ID]
		if p == nil {
			p = &workspace.Progress{}
		}
		spots := spotsSince(ev.Spots(it.ID, p), from)
		row.Attempts = len(spots)
		if len(spots) > 0 {
			row.Spot = SpotNo
			if spots[0].Verdict == workspace.SpotRight && spots[0].Unaided {
				row.Spot = SpotYes
			}
		}
		row.Hints = p.HintsShown
		switch {
		case p.Revealed:
			row.Note = "solution revealed"
		case ev.Verified(it.ID, p) && p.SolvedAt.After(s.Deadline):
			row.Note = "solved after the time was up"
		case ev.Verified(it.ID, p):
			row.Fixed = true
			stop = *p.SolvedAt
		case it.Skipped:
			row.Note = "skipped"
		}
		row.Time = max(0, stop.Sub(from))
		card.Rows = append(card.Rows, row)
		if row.Spot == SpotYes {
			card.SpottedFirstTry++
		}
		if row.Fixed {
			card.Fixed++
		}
		card.Hints += row.Hints
	}
	return card
}

// spotsSince drops spot attempts made before the exercise was handed out:
// they were not part of this interview. An attempt without a time is kept
// (it cannot be placed, and dropping it could turn a miss into a hit).
func spotsSince(spots []workspace.Spot, from time.Time) []workspace.Spot {
	var out []workspace.Spot
	for _, s := range spots {
		if s.At.IsZero() || !s.At.Before(from) {
			out = append(out, s)
		}
	}
	return out
}

// Elapsed is the interview's time on the clock.
func (c Card) Elapsed() time.Duration { return max(0, c.End.Sub(c.Start)) }

// Lines is the scorecard as a table, one line per exercise, then totals.
func (c Card) Lines() []string {
	const format = "  %-22s %-15s %-17s %-13s %-5s %-7s %-5s %s"
	lines := []string{fmt.Sprintf(format, "exercise", "family", "spotted first try", "spot attempts", "fixed", "time", "hints", "")}
	for _, r := range c.Rows {
		if !r.Reached {
			lines = append(lines, fmt.Sprintf(format, r.ID, r.Family, "-", "-", "-", "-", "-", r.Note))
			continue
		}
		lines = append(lines, fmt.Sprintf(format, r.ID, r.Family, r.Spot, fmt.Sprint(r.Attempts), yesNo(r.Fixed), Clock(r.Time), fmt.Sprint(r.Hints), r.Note))
	}
	for i := range lines {
		lines[i] = strings.TrimRight(lines[i], " ")
	}
	n := len(c.Rows)
	return append(lines, fmt.Sprintf("  Total: spotted first try %d/%d, fixed %d/%d, hints %d, time %s", c.SpottedFirstTry, n, c.Fixed, n, c.Hints, Clock(c.Elapsed())))
}

func yesNo(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}
