package interview

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func record(start int, n, spotted, fixed, hints int, secs int64) Record {
	r := Record{Start: t0.Add(time.Duration(start) * time.Hour), SpottedFirstTry: spotted, Fixed: fixed, Hints: hints, Seconds: secs}
	for range n {
		r.Exercises = append(r.Exercises, "x")
	}
	return r
}

// The history is kept across runs, and one interview finished twice (a
// crash between writing the history and removing the session) counts once.
func TestHistoryFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "interviews.json")
	h, err := LoadHistory(path)
	if err != nil || len(h.Interviews) != 0 {
		t.Fatalf("no history yet: %+v, %v", h, err)
	}
	h.Add(record(0, 3, 1, 1, 0, 60))
	h.Add(record(1, 3, 2, 2, 0, 60))
	h.Add(record(1, 3, 2, 3, 0, 60)) // the same interview again
	if err := h.Save(path); err != nil {
		t.Fatal(err)
	}
	got, err := LoadHistory(path)
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Interviews) != 2 || got.Interviews[1].Fixed != 3 {
		t.Fatalf("read back %+v", got.Interviews)
	}
	if err := os.WriteFile(path, []byte("{"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := LoadHistory(path); err == nil || !strings.Contains(err.Error(), path) {
		t.Fatalf("corrupt history: %v", err)
	}
}

// A first interview has nothing to compare with; after one, the last is
// shown; after several, the best too (by rate, so sizes may differ).
func TestCompare(t *testing.T) {
	h := &History{Version: historyVersion}
	cur := record(9, 3, 2, 2, 1, 600)
	if lines := h.Compare(cur); lines != nil {
		t.Fatalf("first interview compared: %q", lines)
	}
	h.Add(cur)
	if lines := h.Compare(cur); lines != nil {
		t.Fatalf("compared with itself: %q", lines)
	}

	h = &History{Version: historyVersion}
	h.Add(record(0, 3, 1, 1, 2, 900))
	got := strings.Join(h.Compare(cur), "\n")
	for _, want := range []string{
		"Compared with your previous interview:",
		"spotted first try 2/3 (last time 1/3)",
		"fixed 2/3 (last time 1/3)",
		"hints 1 (last time 2)",
		"time 10:00 (last time 15:00)",
		"Your best interview yet.",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("comparison lacks %q:\n%s", want, got)
		}
	}

	// The best of earlier ones is a 2-exercise run with both fixed.
	h.Add(record(1, 2, 2, 2, 0, 300))
	h.Add(record(2, 3, 0, 1, 0, 300))
	got = strings.Join(h.Compare(cur), "\n")
	for _, want := range []string{
		"Compared with your 3 previous interviews:",
		"spotted first try 2/3 (last time 0/3, best 2/2)",
		"fixed 2/3 (last time 1/3, best 2/2)",
		"hints 1 (last time 0, best 0)",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("comparison lacks %q:\n%s", want, got)
		}
	}
	if strings.Contains(got, "best interview yet") {
		t.Errorf("2/3 fixed called better than 2/2:\n%s", got)
	}
}

// Ties on the fixed rate go to spotting, then fewer hints, then less time.
func TestBetter(t *testing.T) {
	base := record(0, 2, 1, 1, 1, 100)
	for _, tc := range []struct {
		name string
		r    Record
	}{
		{"more fixed", record(1, 2, 0, 2, 5, 999)},
		{"more spotted", record(1, 2, 2, 1, 5, 999)},
		{"fewer hints", record(1, 2, 1, 1, 0, 999)},
		{"faster", record(1, 2, 1, 1, 1, 99)},
	} {
		if !better(tc.r, base) || better(base, tc.r) {
			t.Errorf("%s: not ranked above", tc.name)
		}
	}
	if better(base, base) {
		t.Error("a record is better than itself")
	}
}
