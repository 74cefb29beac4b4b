package exercise

// SpotSlack is how many lines wider than a bug site a learner's pointer may
// be and still count as right: a review comment covers the statement and
// a line or two around it, not the whole function.
const SpotSlack = 8

// Spot verdicts, as drill spot prints and records them.
const (
	SpotRight = "right" // the lines overlap a bug site, tightly enough
	SpotClose = "close" // the right file, but not the site's lines
	SpotWrong = "wrong" // a file with no bug site (a decoy, a test)
)

// SpotJudgement is how a pointer at file:start-end compares with the bug.
type SpotJudgement struct {
	Verdict string
	// Site is the site the pointer hit (right), or the nearest in the
	// file (close); zero when wrong.
	Site Site
	// TooWide is a pointer that covers a site but spans more than
	// SpotSlack lines beyond it; Near one that misses by NearLines or less.
	TooWide, Near bool
	// Limit is the widest pointer that would count for Site.
	Limit int
}

// NearLines is how far off a close pointer may be to be told it is near.
const NearLines = 3

// JudgeSpot compares the learner's pointer, in shipped-file line numbers,
// with the exercise's bug sites (each with its Also ranges).
func (e *Exercise) JudgeSpot(file string, start, end int) SpotJudgement {
	var best SpotJudgement
	bestGap := -1
	for _, s := range e.Bugs {
		if s.File != file {
			continue
		}
		for _, sp := range s.spans() {
			limit := sp.End - sp.Start + 1 + SpotSlack
			if start <= sp.End && end >= sp.Start {
				j := SpotJudgement{Verdict: SpotRight, Site: s, Limit: limit}
				if end-start+1 > limit {
					j.Verdict, j.TooWide = SpotClose, true
				}
				if j.Verdict == SpotRight {
					return j
				}
				best, bestGap = j, 0
				continue
			}
			gap := sp.Start - end
			if start > sp.End {
				gap = start - sp.End
			}
			if bestGap < 0 || gap < bestGap {
				best = SpotJudgement{Verdict: SpotClose, Site: s, Near: gap <= NearLines, Limit: limit}
				bestGap = gap
			}
		}
	}
	if best.Verdict == "" {
		return SpotJudgement{Verdict: SpotWrong}
	}
	return best
}
