// Package report computes a learner's progress per bug family (drill
// report) and merges many learners' reports into a class view (drill report
// --merge): a table, a CSV file and a self-contained HTML page.
//
// Everything here is a pure function of its inputs: the pack, the progress
// record and the predicate that says which solves are proven. Reading the
// workspace and writing files is the command line's job.
package report

import (
	"slices"
	"time"

	"github.com/drillhq/drill/internal/exercise"
	"github.com/drillhq/drill/internal/workspace"
)

// Version and Kind identify a drill report --json object (docs/report.md).
// The version follows docs/json.md's rule: adding a field keeps it,
// removing, renaming or changing the meaning of one bumps it.
const (
	Version = 1
	Kind    = "drill-report"
)

// Report is one learner's drill report --json.
type Report struct {
	Version     int      `json:"version"`
	Kind        string   `json:"kind"`
	Learner     string   `json:"learner"`
	GeneratedAt string   `json:"generated_at"` // RFC 3339, UTC
	Pack        string   `json:"pack"`
	Families    []Family `json:"families"`
	Weakest     *Weakest `json:"weakest"` // null when every exercise is solved
}

// Family is one bug family's row.
type Family struct {
	Family    string `json:"family"`
	Exercises int    `json:"exercises"` // in the pack
	Started   int    `json:"started"`   // with a progress record (drill next, hint, spot...)
	// Solved counts proven solves, with or without the solution seen
	// first; Revealed counts the exercises whose solution was shown before
	// any solve, so Solved-Revealed is a lower bound of the clean solves.
	Solved          int `json:"solved"`
	Revealed        int `json:"revealed"`
	SpottedFirstTry int `json:"spotted_first_try"`
	Hints           int `json:"hints"`
	// MedianSeconds is the median of solved_at - started over the solved
	// exercises, nil when none is solved.
	MedianSeconds *int64 `json:"median_seconds"`

	// cleanSolved (solved without the solution seen first) feeds the
	// choice of the weakest family; it is not part of the JSON.
	cleanSolved int
}

// Weakest is the family to practise and its first unsolved exercise.
type Weakest struct {
	Family string `json:"family"`
	Next   string `json:"next"`
}

// Proofs says which parts of a progress record drill can vouch for:
// state.json is the learner's to edit, so a solve or a spot counts only
// when its proof verifies. *workspace.Evidence is the one drill uses.
type Proofs interface {
	// Verified reports whether p records a proven solve of exercise id.
	Verified(id string, p *workspace.Progress) bool
	// SpottedFirstTry reports whether p's first spot attempt of id was
	// right, unaided and proven.
	SpottedFirstTry(id string, p *workspace.Progress) bool
}

// Build computes the report of learner over pack, counting only what
// proofs vouches for. Families come in
// exercise.Families() order, and only those the pack has.
func Build(pack *exercise.Pack, st *workspace.State, proofs Proofs, learner string, now time.Time) *Report {
	r := &Report{Version: Version, Kind: Kind, Learner: learner, GeneratedAt: now.UTC().Format(time.RFC3339), Pack: pack.Name, Families: []Family{}}
	next := map[string]string{} // family -> first unsolved exercise, in pack order
	for _, name := range exercise.Families() {
		f := Family{Family: name}
		var took []time.Duration
		for _, ex := range pack.Exercises {
			if ex.Family != name {
				continue
			}
			f.Exercises++
			p := st.Exercises[ex.ID]
			solved := p != nil && proofs.Verified(ex.ID, p)
			if !solved && next[name] == "" {
				next[name] = ex.ID
			}
			if p == nil {
				continue
			}
			f.Started++
			f.Hints += p.HintsShown
			if p.Revealed {
				f.Revealed++
			}
			if proofs.SpottedFirstTry(ex.ID, p) {
				f.SpottedFirstTry++
			}
			if solved {
				f.Solved++
				if !p.Revealed {
					f.cleanSolved++
				}
				// A record without a start time (written by hand or by an
				// old drill) has no duration to offer.
				if !p.Started.IsZero() && p.SolvedAt != nil && !p.SolvedAt.Before(p.Started) {
					took = append(took, p.SolvedAt.Sub(p.Started))
				}
			}
		}
		if f.Exercises == 0 {
			continue
		}
		f.MedianSeconds = median(took)
		r.Families = append(r.Families, f)
	}
	if w := weakest(r.Families, next); w != "" {
		r.Weakest = &Weakest{Family: w, Next: next[w]}
	}
	return r
}

// score is how well the learner does in a family they have started, from
// 0 to 1: (clean solves + spotted first try) / (2 × started). A solve made
// after seeing the solution earns nothing, since the learner was stuck
// there; spotting the bug unaided on the first try is half the exercise,
// the reviewer's half. Exercises not started do not lower the score: not
// having reached them says nothing about the learner.
func score(f Family) float64 {
	if f.Started == 0 {
		return 0
	}
	return float64(f.cleanSolved+f.SpottedFirstTry) / float64(2*f.Started)
}

// weakest picks the family to practise among those with an unsolved
// exercise (next has an entry for them). Families the learner struggled in
// (score below 1) come first, lowest score first, since practising where
// you failed teaches most; then families never started, since an untried
// class of bug is a gap a reviewer cannot afford; last, started families
// done perfectly so far that still have exercises left. Ties go to the
// family first in exercise.Families() order, which is also the order of
// fams, so the choice is stable.
func weakest(fams []Family, next map[string]string) string {
	// rank orders the tiers: struggled (0), untried (1), perfect (2).
	rank := func(f Family) (int, float64) {
		switch s := score(f); {
		case f.Started == 0:
			return 1, 0
		case s < 1:
			return 0, s
		default:
			return 2, s
		}
	}
	best, bestTier, bestScore := "", 0, 0.0
	for _, f := range fams {
		if next[f.Family] == "" {
			continue
		}
		tier, s := rank(f)
		if best == "" || tier < bestTier || tier == bestTier && s < bestScore {
			best, bestTier, bestScore = f.Family, tier, s
		}
	}
	return best
}

// median returns the median of ds in whole seconds (the mean of the two
// middle ones for an even count), or nil for none.
func median(ds []time.Duration) *int64 {
	if len(ds) == 0 {
		return nil
	}
	slices.Sort(ds)
	m := ds[len(ds)/2]
	if len(ds)%2 == 0 {
		m = (ds[len(ds)/2-1] + m) / 2
	}
	s := int64(m.Round(time.Second) / time.Second)
	return &s
}
