package report

import (
	"testing"
	"time"

	"github.com/drillhq/drill/internal/exercise"
	"github.com/drillhq/drill/internal/workspace"
)

var t0 = time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)

// evidence is a real progress key in a folder of the test's own.
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

func testPack() *exercise.Pack {
	p := &exercise.Pack{Name: "unit pack"}
	for _, e := range [][2]string{
		{"r1", "race"}, {"l1", "locking"}, {"r2", "race"}, {"c1", "context"}, {"l2", "locking"}, {"r3", "race"},
	} {
		p.Exercises = append(p.Exercises, &exercise.Exercise{ID: e[0], Family: e[1]})
	}
	return p
}

// solve seals a real solve of id, took after its start.
func solve(ev *workspace.Evidence, st *workspace.State, id string, took time.Duration) *workspace.Progress {
	p := st.Get(id)
	p.Started = t0
	ev.Seal(id, p, map[string][]byte{"x.go": []byte(id)}, t0.Add(took))
	return p
}

// spot records a real, sealed spot attempt.
func spot(ev *workspace.Evidence, id string, p *workspace.Progress, verdict string, unaided bool) {
	ev.SealSpot(id, p, workspace.Spot{At: t0, File: "x.go", Start: 1, End: 1, Verdict: verdict, Unaided: unaided})
}

func TestBuildCountsPerFamily(t *testing.T) {
	ev := evidence(t)
	st := &workspace.State{}
	spot(ev, "r1", solve(ev, st, "r1", 2*time.Minute), exercise.SpotRight, true)
	p := solve(ev, st, "r2", 4*time.Minute)
	p.HintsShown = 2
	spot(ev, "r2", p, exercise.SpotRight, false) // aided: not first try
	// Revealed, then solved: a solve, and a reveal.
	p = st.Get("r3")
	p.Started, p.Revealed, p.HintsShown = t0, true, 1
	ev.Seal("r3", p, map[string][]byte{"x.go": nil}, t0.Add(9*time.Minute))
	// A forged solve and a hand-written right spot in locking count for
	// nothing but being started.
	p = st.Get("l1")
	p.Solved = true
	p.Spots = []workspace.Spot{{File: "x.go", Start: 1, End: 1, Verdict: exercise.SpotRight, Unaided: true}}
	r := Build(testPack(), st, ev, "ann", t0)

	if r.Version != 1 || r.Kind != "drill-report" || r.Learner != "ann" || r.Pack != "unit pack" || r.GeneratedAt != "2026-03-01T09:00:00Z" {
		t.Errorf("header = %+v", r)
	}
	// exercise.Families() order: race, ..., context, ..., locking.
	var names []string
	for _, f := range r.Families {
		names = append(names, f.Family)
	}
	if got := names; len(got) != 3 || got[0] != "race" || got[1] != "context" || got[2] != "locking" {
		t.Fatalf("families = %v, want race context locking", got)
	}
	race := r.Families[0]
	if race.Exercises != 3 || race.Started != 3 || race.Solved != 3 || race.Revealed != 1 || race.SpottedFirstTry != 1 || race.Hints != 3 {
		t.Errorf("race = %+v", race)
	}
	if race.MedianSeconds == nil || *race.MedianSeconds != 240 {
		t.Errorf("race median = %v, want 240", race.MedianSeconds)
	}
	lock := r.Families[2]
	if lock.Started != 1 || lock.Solved != 0 || lock.SpottedFirstTry != 0 || lock.MedianSeconds != nil {
		t.Errorf("locking = %+v: the unproven solve and spot must not count", lock)
	}
	// locking was started and nothing is solved there (score 0): weakest,
	// ahead of context, which was never started.
	if r.Weakest == nil || r.Weakest.Family != "locking" || r.Weakest.Next != "l1" {
		t.Errorf("weakest = %+v, want locking, next l1", r.Weakest)
	}
}

func TestWeakestOrder(t *testing.T) {
	ev := evidence(t)
	for _, tc := range []struct {
		name         string
		setup        func(st *workspace.State)
		family, next string
	}{
		{"nothing started: first family in Families() order", func(*workspace.State) {}, "race", "r1"},
		{"perfect family comes after an untried one", func(st *workspace.State) {
			spot(ev, "r1", solve(ev, st, "r1", time.Minute), exercise.SpotRight, true)
		}, "context", "c1"},
		{"a struggle comes before an untried family", func(st *workspace.State) {
			solve(ev, st, "r1", time.Minute) // solved, not spotted: score 1/2
		}, "race", "r2"},
		{"lowest score wins among struggles", func(st *workspace.State) {
			solve(ev, st, "r1", time.Minute)                                           // race 1/2
			spot(ev, "l1", solve(ev, st, "l1", time.Minute), exercise.SpotRight, true) // locking 1...
			st.Get("l2").Started = t0                                                  // ... over 2 started: 2/4
			st.Get("c1").Revealed = true                                               // context 0
		}, "context", "c1"},
		{"a revealed solve earns nothing", func(st *workspace.State) {
			p := st.Get("l1")
			p.Started, p.Revealed = t0, true
			ev.Seal("l1", p, nil, t0.Add(time.Minute)) // locking solved, but 0
			solve(ev, st, "r1", time.Minute)           // race 1/2
		}, "locking", "l2"},
		{"only perfect families left", func(st *workspace.State) {
			for _, id := range []string{"r1", "c1", "l1", "l2"} {
				spot(ev, id, solve(ev, st, id, time.Minute), exercise.SpotRight, true)
			}
		}, "race", "r2"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			st := &workspace.State{}
			tc.setup(st)
			w := Build(testPack(), st, ev, "x", t0).Weakest
			if w == nil || w.Family != tc.family || w.Next != tc.next {
				t.Errorf("weakest = %+v, want %s / %s", w, tc.family, tc.next)
			}
		})
	}
	t.Run("all solved: none", func(t *testing.T) {
		st := &workspace.State{}
		for _, ex := range testPack().Exercises {
			solve(ev, st, ex.ID, time.Minute)
		}
		if w := Build(testPack(), st, ev, "x", t0).Weakest; w != nil {
			t.Errorf("weakest = %+v, want nil", w)
		}
	})
}

func TestMedian(t *testing.T) {
	m := func(ss ...int) *int64 {
		var ds []time.Duration
		for _, s := range ss {
			ds = append(ds, time.Duration(s)*time.Second)
		}
		return median(ds)
	}
	if m() != nil {
		t.Error("median of nothing is not nil")
	}
	for _, tc := range []struct {
		in   []int
		want int64
	}{{[]int{5}, 5}, {[]int{9, 1, 5}, 5}, {[]int{10, 1, 3, 100}, 7}} {
		if got := m(tc.in...); got == nil || *got != tc.want {
			t.Errorf("median(%v) = %v, want %d", tc.in, got, tc.want)
		}
	}
}
