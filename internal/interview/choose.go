package interview

import "github.com/drillhq/drill/internal/workspace"

// Candidate is an exercise an interview may take.
type Candidate struct{ ID, Family string }

// Unseen reports whether the learner has never worked on the exercise
// whose record is p: an interview measures spotting a bug in code read for
// the first time. A record alone is not "seen" (drill creates one for a
// command that only looked up the exercise), but any trace of work is: it
// was handed out, checked, hinted, spotted, solved or revealed.
func Unseen(p *workspace.Progress) bool {
	return p == nil || (p.Started.IsZero() && p.Attempts == 0 && p.HintsShown == 0 &&
		len(p.Spots) == 0 && !p.Solved && !p.Revealed && p.SolvedAt == nil)
}

// Choose returns up to k of cands, in their order (the pack's), at most
// one per family: an interview asks for breadth, and a second bug of a
// family just spotted would be spotted by analogy.
func Choose(cands []Candidate, k int) []Candidate {
	var picks []Candidate
	seen := map[string]bool{}
	for _, c := range cands {
		if len(picks) == k {
			break
		}
		if seen[c.Family] {
			continue
		}
		seen[c.Family] = true
		picks = append(picks, c)
	}
	return picks
}
