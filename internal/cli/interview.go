package cli

import (
	"context"
	"flag"
	"fmt"
	"time"

	"github.com/drillhq/drill/internal/exercise"
	"github.com/drillhq/drill/internal/interview"
	"github.com/drillhq/drill/internal/workspace"
)

// The interview's files in .drill/: the session in progress, and every
// finished interview's totals for the comparison.
const (
	interviewFile = "interview.json"
	historyFile   = "interviews.json"
)

// runInterview is drill interview. Each run is one step of the session
// kept in .drill/interview.json: start it, say where it stands and move on
// once the current exercise is solved (or given up), or finish it with the
// scorecard. Spotting, checking and hints go through drill spot, check and
// hint, which record them in the progress file; the scorecard reads them
// back from there, so those commands know nothing about interviews.
func runInterview(cx context.Context, c *inv, args []string) error {
	fs := flag.NewFlagSet("interview", flag.ContinueOnError)
	minutes := fs.Float64("minutes", 45, "time on the clock: `N` minutes (fractions are fine: 0.5 is 30 seconds)")
	count := fs.Int("count", 3, "how many unseen exercises, each of a different family")
	skip := fs.Bool("skip", false, "give up the current exercise and move on to the next")
	stop := fs.Bool("stop", false, "end the interview now and show the scorecard")
	packDir := packFlag(fs)
	pos, err := parseFlags(c, "interview", fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return usagef("takes no arguments, only flags (the interview picks its exercises)")
	}
	set := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { set[f.Name] = true })
	if *skip && *stop {
		return usagef("--skip and --stop do not go together: --skip moves to the next exercise, --stop ends the interview")
	}
	budget, err := interview.Budget(*minutes)
	if err != nil {
		return usagef("%v", err)
	}
	if *count <= 0 {
		return usagef("--count must be at least 1, got %d", *count)
	}
	ws, err := c.workspace()
	if err != nil {
		return err
	}
	path := ws.MetaPath(interviewFile)
	s, err := interview.Load(path)
	if err != nil {
		return err
	}
	if s == nil {
		if *skip || *stop {
			return usagef("no interview in progress: drill interview starts one")
		}
		pack, err := c.loadPack(*packDir)
		if err != nil {
			return err
		}
		return startInterview(cx, c, ws, pack, budget, *count)
	}
	if set["minutes"] || set["count"] {
		return usagef("an interview is in progress (%s): --minutes and --count set up a new one; drill interview --stop ends this one with its scorecard", progressText(s, c.Now()))
	}
	return resumeInterview(c, ws, s, *packDir, *skip, *stop)
}

// startInterview picks the exercises, starts the clock and hands out the
// first one.
func startInterview(cx context.Context, c *inv, ws *workspace.Workspace, pack *exercise.Pack, budget time.Duration, count int) error {
	st, err := ws.LoadState()
	if err != nil {
		return err
	}
	var cands []interview.Candidate
	for _, ex := range pack.Exercises {
		if interview.Unseen(st.Exercises[ex.ID]) {
			cands = append(cands, interview.Candidate{ID: ex.ID, Family: ex.Family})
		}
	}
	picks := interview.Choose(cands, count)
	if len(picks) == 0 {
		return fmt.Errorf("no unseen exercises left in the %s: an interview takes exercises you have not started yet (drill list shows your record; another pack with --exercises has new ones)", pack.Source)
	}
	// Before the clock starts: preparing a machine can take minutes once.
	if err := prepareWorkspace(cx, c, ws); err != nil {
		return err
	}
	now := c.Now()
	s := interview.New(now, budget, picks)
	c.out.Printf("%s\n", c.out.Bold(fmt.Sprintf("Interview: %d %s, %s on the clock.", len(picks), plural(len(picks), "exercise"), interview.Clock(s.TimeLeft(now)))))
	if len(picks) < count {
		c.out.Printf("You asked for %d, but the %s has only %d unseen %s of different families.\n",
			count, pack.Source, len(picks), plural(len(picks), "exercise"))
	}
	return handOut(c, ws, pack, s, ws.MetaPath(interviewFile))
}

// resumeInterview is drill interview with a session on disk: where it
// stands, then the next step.
func resumeInterview(c *inv, ws *workspace.Workspace, s *interview.Session, packDir string, skip, stop bool) error {
	now := c.Now()
	c.out.Printf("Resuming your interview: %s.\n", progressText(s, now))
	i, ok := s.Current()
	if stop || !ok || s.Over(now) {
		return finishInterview(c, ws, s)
	}
	pack, err := c.loadPack(packDir)
	if err != nil {
		return err
	}
	st, ev, err := c.progress(ws)
	if err != nil {
		return err
	}
	id := s.Items[i].ID
	switch {
	case skip:
		c.out.Printf("You gave %s up; it counts as not fixed.\n", id)
	case ev.Verified(id, st.Exercises[id]):
		c.out.Printf("%s is solved.\n", id)
	default:
		// Printing the brief again helps after a closed terminal; the
		// exercise's clock keeps running from when it was handed out.
		c.out.Printf("%s is not solved yet: fix it and run drill check (drill interview --skip gives it up).\n", id)
		return handOut(c, ws, pack, s, ws.MetaPath(interviewFile))
	}
	if !s.MoveOn(now, skip) {
		return finishInterview(c, ws, s)
	}
	return handOut(c, ws, pack, s, ws.MetaPath(interviewFile))
}

// handOut gives the learner the session's current exercise: its clock
// (first time only), the current exercise of the progress record (so
// spot, check and hint without an id work on it), its files (edits kept)
// and its brief. The session is saved first: if anything after fails, a
// rerun hands the same exercise out on the same clock.
func handOut(c *inv, ws *workspace.Workspace, pack *exercise.Pack, s *interview.Session, path string) error {
	i, _ := s.Current()
	id := s.Items[i].ID
	ex, ok := pack.Get(id)
	if !ok {
		return fmt.Errorf("exercise %s of your interview is not in the %s: use the pack you started with (--exercises), or drill interview --stop to end it", id, pack.Source)
	}
	now := c.Now()
	s.HandOut(now)
	if err := s.Save(path); err != nil {
		return err
	}
	var shown bool
	err := ws.Update(func(st *workspace.State) error {
		// The family stays hidden until spotted, as in drill next: naming
		// it would be the interviewer answering their own question.
		ev, err := workspace.LoadEvidence(c.Getenv)
		if err != nil {
			return err
		}
		shown = c.familyShown(st, ev, ex, false)
		st.Current = id
		if p := st.Get(id); p.Started.IsZero() {
			p.Started = now.UTC()
		}
		return nil
	})
	if err != nil {
		return err
	}
	dir := ws.ExerciseDir(id)
	written, err := writeMissing(dir, ex.Code)
	if err != nil {
		return err
	}
	c.out.Printf("\n%s\n", c.out.Bold(fmt.Sprintf("Interview exercise %d of %d", i+1, len(s.Items))))
	printBrief(c, pack, ex, dir, written, shown)
	c.out.Printf("\nInterview: spot the bug with %s, fix it, run drill check, then %s for the next (drill hint works; hints are counted).\n",
		c.out.Bold("drill spot FILE:LINE --as FAMILY"), c.out.Bold("drill interview"))
	c.out.Printf("Clock: %s left.\n", interview.Clock(s.TimeLeft(now)))
	return nil
}

// finishInterview prints the scorecard and the comparison with earlier
// interviews, adds this one to the history and ends the session. The
// history is written before the session is removed, and adding is keyed by
// the start time: a crash between the two counts the interview once.
func finishInterview(c *inv, ws *workspace.Workspace, s *interview.Session) error {
	st, ev, err := c.progress(ws)
	if err != nil {
		return err
	}
	now := c.Now()
	card := interview.Score(s, st, ev, now)
	how := "you stopped it"
	switch _, more := s.Current(); {
	case card.TimeUp:
		how = "time is up"
	case !more:
		how = "every exercise done"
	}
	c.out.Printf("\n%s\n\n", c.out.Bold(fmt.Sprintf("Interview over (%s). Your scorecard:", how)))
	for _, line := range card.Lines() {
		c.out.Printf("%s\n", line)
	}
	hpath := ws.MetaPath(historyFile)
	h, err := interview.LoadHistory(hpath)
	if err != nil {
		return err
	}
	rec := card.Record()
	if cmp := h.Compare(rec); len(cmp) > 0 {
		c.out.Printf("\n")
		for _, line := range cmp {
			c.out.Printf("%s\n", line)
		}
	} else {
		c.out.Printf("\n%s\n", c.out.Faint("Your first interview: the next one is compared with it."))
	}
	h.Add(rec)
	if err := h.Save(hpath); err != nil {
		return err
	}
	if err := interview.Remove(ws.MetaPath(interviewFile)); err != nil {
		return err
	}
	c.out.Printf("\nNext: drill interview for another (it takes exercises you have not seen), or drill solution ID to study one.\n")
	return nil
}

// interviewStatus is the one line other commands (drill check, drill next)
// print while an interview runs, so the learner keeps the clock in view
// and knows how to move on; active is false when none runs (or its file
// cannot be read: the interview command itself reports that).
func interviewStatus(c *inv, ws *workspace.Workspace) (line string, active bool) {
	s, err := interview.Load(ws.MetaPath(interviewFile))
	if err != nil || s == nil {
		return "", false
	}
	now := c.Now()
	if s.Over(now) {
		return "Interview: time is up — drill interview shows your scorecard", true
	}
	return fmt.Sprintf("Interview: %s — drill interview moves on", progressText(s, now)), true
}

// progressText is "exercise 2 of 3, 12:30 left" (or "time is up").
func progressText(s *interview.Session, now time.Time) string {
	i, _ := s.Current()
	at := fmt.Sprintf("exercise %d of %d", min(i+1, len(s.Items)), len(s.Items))
	if s.Over(now) {
		return at + ", time is up"
	}
	return at + ", " + interview.Clock(s.TimeLeft(now)) + " left"
}

func plural(n int, word string) string {
	if n == 1 {
		return word
	}
	return word + "s"
}
