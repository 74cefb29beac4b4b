package interview

import (
	"strings"
	"testing"
	"time"

	"github.com/drillhq/drill/internal/workspace"
)

// evidence is a real progress key in a temporary configuration folder.
func evidence(t *testing.T) *workspace.Evidence {
	t.Helper()
	dir := t.TempDir()
	ev, err := workspace.LoadEvidence(func(k string) string {
		if k == workspace.ConfigEnv {
			return dir
		}
		return ""
	})
	if err != nil {
		t.Fatal(err)
	}
	return ev
}

func spot(at time.Time, verdict string, unaided bool) workspace.Spot {
	return workspace.Spot{At: at, File: "x.go", Start: 1, End: 1, Verdict: verdict, Unaided: unaided}
}

// The scorecard reads the progress record: spots (only proven ones, only
// those of the interview), solves (only proven, unrevealed, in time),
// hints, and each exercise's time from hand-out to solve or to the end.
func TestScore(t *testing.T) {
	ev := evidence(t)
	minute := func(n int) time.Time { return t0.Add(time.Duration(n) * time.Minute) }
	s := New(t0, 30*time.Minute, []Candidate{
		{"fixed", "race"}, {"late", "locking"}, {"revealed", "n+1"}, {"skipped", "context"}, {"forged", "caching"}, {"current", "tx-error"}, {"unreached", "idempotency"},
	})
	// Each exercise is handed out at minute 5*i and left at 5*i+4.
	for i := range 6 {
		s.HandOut(minute(5 * i))
		s.MoveOn(minute(5*i+4), s.Items[i].ID == "skipped")
	}
	s.Items[5].Left = nil // "current": still being worked on at the end
	st := &workspace.State{}

	p := st.Get("fixed")
	p.HintsShown = 1
	ev.SealSpot("fixed", p, spot(minute(-10), workspace.SpotRight, true)) // before the interview: ignored
	ev.SealSpot("fixed", p, spot(minute(1), workspace.SpotRight, true))
	ev.SealSpot("fixed", p, spot(minute(2), "wrong", true))
	ev.Seal("fixed", p, map[string][]byte{"x.go": []byte("fixed")}, minute(3))

	p = st.Get("late")
	ev.SealSpot("late", p, spot(minute(6), "close", true))
	ev.SealSpot("late", p, spot(minute(7), workspace.SpotRight, true))
	ev.Seal("late", p, map[string][]byte{"x.go": []byte("late")}, minute(31))

	p = st.Get("revealed")
	p.Revealed = true
	p.HintsShown = 2
	ev.SealSpot("revealed", p, spot(minute(11), workspace.SpotRight, false)) // after the solution: not unaided
	ev.Seal("revealed", p, map[string][]byte{"x.go": []byte("r")}, minute(12))

	p = st.Get("forged")
	// Written by hand: no proof, so neither the spot nor the solve counts.
	at := minute(21)
	p.Spots = []workspace.Spot{spot(minute(20), workspace.SpotRight, true)}
	p.Solved, p.SolvedAt = true, &at

	card := Score(s, st, ev, minute(45))
	if !card.TimeUp || !card.End.Equal(minute(30)) {
		t.Fatalf("finished past the deadline: TimeUp %v, End %v", card.TimeUp, card.End)
	}
	type want struct {
		spot     string
		attempts int
		fixed    bool
		note     string
		time     time.Duration
		hints    int
	}
	wants := map[string]want{
		"fixed":     {SpotYes, 2, true, "", 3 * time.Minute, 1},
		"late":      {SpotNo, 2, false, "solved after the time was up", 4 * time.Minute, 0},
		"revealed":  {SpotNo, 1, false, "solution revealed", 4 * time.Minute, 2},
		"skipped":   {SpotNotTried, 0, false, "skipped", 4 * time.Minute, 0},
		"forged":    {SpotNotTried, 0, false, "", 4 * time.Minute, 0},
		"current":   {SpotNotTried, 0, false, "", 5 * time.Minute, 0}, // handed out at 25, clock stopped at 30
		"unreached": {SpotNotTried, 0, false, "not reached", 0, 0},
	}
	for _, r := range card.Rows {
		w := wants[r.ID]
		got := want{r.Spot, r.Attempts, r.Fixed, r.Note, r.Time, r.Hints}
		if got != w {
			t.Errorf("%s: got %+v, want %+v", r.ID, got, w)
		}
	}
	if card.SpottedFirstTry != 1 || card.Fixed != 1 || card.Hints != 3 {
		t.Errorf("totals: spotted %d, fixed %d, hints %d; want 1, 1, 3", card.SpottedFirstTry, card.Fixed, card.Hints)
	}
	if card.Elapsed() != 30*time.Minute {
		t.Errorf("elapsed %v, want the budget", card.Elapsed())
	}

	lines := card.Lines()
	if !strings.Contains(lines[0], "spotted first try") || len(lines) != 2+len(card.Rows) {
		t.Fatalf("table:\n%s", strings.Join(lines, "\n"))
	}
	for _, sub := range []string{"fixed ", "race ", "yes ", "3:00", "skipped", "not reached"} {
		if !strings.Contains(strings.Join(lines, "\n"), sub) {
			t.Errorf("table lacks %q:\n%s", sub, strings.Join(lines, "\n"))
		}
	}
	if last := lines[len(lines)-1]; last != "  Total: spotted first try 1/7, fixed 1/7, hints 3, time 30:00" {
		t.Errorf("totals line %q", last)
	}

	// Stopped early, the clock stops then, and nothing is "time up".
	early := Score(s, st, ev, minute(26))
	if early.TimeUp || early.Rows[5].Time != time.Minute {
		t.Errorf("stopped at 26: TimeUp %v, current's time %v", early.TimeUp, early.Rows[5].Time)
	}
}
