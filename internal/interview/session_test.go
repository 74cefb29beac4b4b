package interview

import (
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/drillhq/drill/internal/workspace"
)

var t0 = time.Date(2026, 3, 1, 10, 0, 0, 0, time.UTC)

// Breadth first: one exercise per family, in pack order, at most k; a
// pack with fewer families gives what it has.
func TestChoose(t *testing.T) {
	cands := []Candidate{{"a", "race"}, {"b", "race"}, {"c", "locking"}, {"d", "n+1"}, {"e", "locking"}}
	ids := func(cs []Candidate) []string {
		var out []string
		for _, c := range cs {
			out = append(out, c.ID)
		}
		return out
	}
	for _, tc := range []struct {
		k    int
		want []string
	}{
		{1, []string{"a"}},
		{2, []string{"a", "c"}},
		{3, []string{"a", "c", "d"}},
		{5, []string{"a", "c", "d"}},
	} {
		if got := ids(Choose(cands, tc.k)); !slices.Equal(got, tc.want) {
			t.Errorf("Choose(k=%d) = %v, want %v", tc.k, got, tc.want)
		}
	}
	if got := Choose(nil, 3); len(got) != 0 {
		t.Errorf("Choose of nothing = %v", got)
	}
}

// Any trace of work makes an exercise seen; a bare record does not.
func TestUnseen(t *testing.T) {
	at := t0
	for _, tc := range []struct {
		name string
		p    *workspace.Progress
		want bool
	}{
		{"no record", nil, true},
		{"empty record", &workspace.Progress{}, true},
		{"handed out", &workspace.Progress{Started: t0}, false},
		{"checked", &workspace.Progress{Attempts: 1}, false},
		{"hinted", &workspace.Progress{HintsShown: 1}, false},
		{"spotted", &workspace.Progress{Spots: []workspace.Spot{{File: "x.go"}}}, false},
		{"revealed", &workspace.Progress{Revealed: true}, false},
		{"solved", &workspace.Progress{Solved: true, SolvedAt: &at}, false},
	} {
		if got := Unseen(tc.p); got != tc.want {
			t.Errorf("%s: Unseen = %v, want %v", tc.name, got, tc.want)
		}
	}
}

func TestBudget(t *testing.T) {
	if d, err := Budget(0.05); err != nil || d != 3*time.Second {
		t.Errorf("Budget(0.05) = %v, %v; want 3s", d, err)
	}
	if d, err := Budget(45); err != nil || d != 45*time.Minute {
		t.Errorf("Budget(45) = %v, %v", d, err)
	}
	for _, m := range []float64{0, -1, math.NaN(), math.Inf(1), 24*60 + 1} {
		if _, err := Budget(m); err == nil || !strings.Contains(err.Error(), "--minutes must be more than 0") {
			t.Errorf("Budget(%v) error = %v, want a --minutes error", m, err)
		}
	}
}

func TestClock(t *testing.T) {
	for d, want := range map[time.Duration]string{
		0:                               "0:00",
		-time.Second:                    "0:00",
		time.Millisecond:                "0:01", // rounds up: 0:00 means time is up
		3 * time.Second:                 "0:03",
		12*time.Minute + 30*time.Second: "12:30",
		time.Hour + 2*time.Minute + 5*time.Second: "1:02:05",
	} {
		if got := Clock(d); got != want {
			t.Errorf("Clock(%v) = %q, want %q", d, got, want)
		}
	}
}

// A session walks its exercises in order; handing one out twice keeps its
// clock; the deadline is start plus budget.
func TestSessionSteps(t *testing.T) {
	s := New(t0, 10*time.Minute, []Candidate{{"a", "race"}, {"b", "locking"}})
	if !s.Deadline.Equal(t0.Add(10 * time.Minute)) {
		t.Fatalf("deadline %v", s.Deadline)
	}
	if i, ok := s.Current(); !ok || i != 0 {
		t.Fatalf("Current = %d, %v at the start", i, ok)
	}
	s.HandOut(t0)
	s.HandOut(t0.Add(time.Minute))
	if !s.Items[0].HandedOut.Equal(t0) {
		t.Fatalf("handing out again moved the clock to %v", s.Items[0].HandedOut)
	}
	if s.Items[1].HandedOut != nil {
		t.Fatal("the second exercise was handed out with the first")
	}
	if !s.MoveOn(t0.Add(2*time.Minute), false) {
		t.Fatal("MoveOn after the first reported no next")
	}
	if i, _ := s.Current(); i != 1 {
		t.Fatalf("Current = %d after moving on", i)
	}
	s.HandOut(t0.Add(3 * time.Minute))
	if s.MoveOn(t0.Add(4*time.Minute), true) {
		t.Fatal("MoveOn after the last reported a next")
	}
	if _, ok := s.Current(); ok || !s.Items[1].Skipped || s.Items[0].Skipped {
		t.Fatalf("after the last: %+v", s.Items)
	}
	if s.MoveOn(t0.Add(5*time.Minute), false) {
		t.Fatal("MoveOn of a finished session")
	}
	if s.Over(t0.Add(10*time.Minute-time.Nanosecond)) || !s.Over(t0.Add(10*time.Minute)) {
		t.Fatal("Over is wrong around the deadline")
	}
	if got := s.TimeLeft(t0.Add(7 * time.Minute)); got != 3*time.Minute {
		t.Fatalf("TimeLeft = %v", got)
	}
	if got := s.TimeLeft(t0.Add(time.Hour)); got != 0 {
		t.Fatalf("TimeLeft past the deadline = %v", got)
	}
}

// The session survives the process: what Save writes, Load reads back;
// no file is no session; a damaged file is an error naming it.
func TestSessionFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "interview.json")
	if s, err := Load(path); s != nil || err != nil {
		t.Fatalf("Load without a file = %v, %v", s, err)
	}
	s := New(t0, time.Minute, []Candidate{{"a", "race"}})
	s.HandOut(t0)
	if err := s.Save(path); err != nil {
		t.Fatal(err)
	}
	got, err := Load(path)
	if err != nil {
		t.Fatal(err)
	}
	if got.Items[0].ID != "a" || !got.Items[0].HandedOut.Equal(t0) || !got.Deadline.Equal(s.Deadline) {
		t.Fatalf("read back %+v", got)
	}
	for name, data := range map[string]string{
		"corrupt":  `{"version": 1, "start": `,
		"unknown":  `{"version": 1, "colour": "red"}`,
		"version":  `{"version": 9, "start": "2026-03-01T10:00:00Z", "deadline": "2026-03-01T10:01:00Z", "exercises": [{"id": "a"}]}`,
		"empty":    `{"version": 1, "start": "2026-03-01T10:00:00Z", "deadline": "2026-03-01T10:01:00Z", "exercises": []}`,
		"backward": `{"version": 1, "start": "2026-03-01T10:00:00Z", "deadline": "2026-03-01T09:00:00Z", "exercises": [{"id": "a"}]}`,
	} {
		if err := os.WriteFile(path, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
		if _, err := Load(path); err == nil || !strings.Contains(err.Error(), path) {
			t.Errorf("%s: Load error = %v, want one naming the file", name, err)
		}
	}
	if err := Remove(path); err != nil {
		t.Fatal(err)
	}
	if err := Remove(path); err != nil {
		t.Fatalf("removing a removed session: %v", err)
	}
	if _, err := os.Stat(path); !os.IsNotExist(err) {
		t.Fatalf("session file still there: %v", err)
	}
}
