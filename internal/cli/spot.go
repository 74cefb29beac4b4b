package cli

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/drillhq/drill/internal/exercise"
	"github.com/drillhq/drill/internal/linediff"
	"github.com/drillhq/drill/internal/term"
	"github.com/drillhq/drill/internal/workspace"
)

// runSpot grades the learner's pointer at the bug. Spotting is the skill a
// reviewer is judged on, so drill asks for it before the fix and records
// every attempt: the first one counts in drill report and interviews.
func runSpot(_ context.Context, c *inv, args []string) error {
	fs := flag.NewFlagSet("spot", flag.ContinueOnError)
	as := fs.String("as", "", "the bug's family, if you can name it: "+strings.Join(exercise.Families(), ", "))
	packDir := packFlag(fs)
	pos, err := parseFlags(c, "spot", fs, args)
	if err != nil {
		return err
	}
	if len(pos) == 0 {
		return usagef("say where the bug is: drill spot FILE:LINE or FILE:FIRST-LAST")
	}
	// The pointer and family are checked before the workspace is read,
	// so a typo costs nothing and records nothing.
	if _, _, _, err := parsePointer(pos[0]); err != nil {
		return err
	}
	if err := checkFamily(*as); err != nil {
		return err
	}
	ids := pos[1:]
	if len(ids) == 0 {
		// A pointer into another exercise's folder means that exercise,
		// not the current one.
		if id := c.exerciseOf(pos[0]); id != "" {
			ids = []string{id}
		}
	}
	t, err := c.target(*packDir, ids)
	if err != nil {
		return err
	}
	right, err := c.spot(t, pos[0], *as)
	if err != nil {
		return err
	}
	if !right {
		return &exitError{code: ExitFail}
	}
	return nil
}

// exerciseOf names the exercise whose folder holds the pointer's file
// (resolved from the working folder), or "" when it is in none.
func (c *inv) exerciseOf(pointer string) string {
	ws, err := workspace.Find(c.Dir)
	if err != nil {
		return ""
	}
	file, _, _, _ := parsePointer(pointer)
	if !filepath.IsAbs(file) {
		file = filepath.Join(c.Dir, file)
	}
	rel, err := filepath.Rel(ws.Root, file)
	if err != nil {
		return ""
	}
	first, _, ok := strings.Cut(filepath.ToSlash(rel), "/")
	if !ok || first == ".." {
		return ""
	}
	if _, err := os.Stat(filepath.Join(ws.Root, first, ".")); err != nil {
		return ""
	}
	return first
}

func checkFamily(family string) error {
	if family != "" && !slices.Contains(exercise.Families(), family) {
		return usagef("--as %q is not a family; the families are %s", family, strings.Join(exercise.Families(), ", "))
	}
	return nil
}

// spot judges the pointer arg (FILE:LINE[-LINE]) and the family named
// ("" for none) for t's exercise, records the sealed attempt and prints the
// answer. right is whether it hit the bug.
func (c *inv) spot(t *target, arg, family string) (right bool, err error) {
	file, start, end, err := parsePointer(arg)
	if err != nil {
		return false, err
	}
	ex := t.ex
	s, err := c.spotInExercise(t, file, start, end)
	if err != nil {
		return false, err
	}
	j := ex.JudgeSpot(s.File, s.Start, s.End)
	s.Verdict = j.Verdict
	s.Family, s.FamilyRight = family, ex.NamesFamily(family)
	s.At = c.Now().UTC()
	ev, err := workspace.LoadEvidence(c.Getenv)
	if err != nil {
		return false, err
	}
	var attempt int
	var earlier bool
	err = t.ws.Update(func(st *workspace.State) error {
		p := st.Get(ex.ID)
		if p.Started.IsZero() {
			p.Started = s.At
		}
		// A check's findings point at the lines and a solution shows them:
		// a spot after either is recorded, never counted as unaided.
		s.Unaided = p.Attempts == 0 && !p.Revealed && !ev.Verified(ex.ID, p)
		earlier = ev.Spotted(ex.ID, p)
		ev.SealSpot(ex.ID, p, s)
		attempt = len(p.Spots)
		return nil
	})
	if err != nil {
		return false, err
	}
	printSpot(c, ex, s, j, arg, attempt, earlier)
	if line, active := interviewStatus(c, t.ws); active {
		c.out.Printf("%s\n", c.out.Faint(line))
	}
	return j.Verdict == exercise.SpotRight, nil
}

// promptSpot asks, before drill check grades, where the learner thinks the
// bug is: spotting is the skill drill trains, and a check's findings would
// point at the lines. It asks only when stdin is a terminal (a script or CI
// never waits on it), when nothing has been spotted and the exercise is
// not solved yet; an empty answer skips it.
func (c *inv) promptSpot(t *target) error {
	if c.Stdin == nil || !term.IsTerminal(c.Stdin) {
		return nil
	}
	ev, err := workspace.LoadEvidence(c.Getenv)
	if err != nil {
		return err
	}
	p := t.st.Exercises[t.ex.ID]
	if p != nil && (len(ev.Spots(t.ex.ID, p)) > 0 || ev.Verified(t.ex.ID, p) || p.Revealed || p.Attempts > 0) {
		return nil
	}
	c.err.Printf("Before grading: where is the bug? FILE:LINE[-LINE] [FAMILY] (Enter skips): ")
	line, err := bufio.NewReader(c.Stdin).ReadString('\n')
	if err != nil && line == "" {
		c.err.Printf("\n")
		return nil // end of input: skip, never block the check
	}
	fields := strings.Fields(line)
	if len(fields) == 0 {
		return nil
	}
	family := ""
	if len(fields) > 1 {
		family = fields[1]
	}
	if err := checkFamily(family); err != nil {
		c.err.Printf("%s %v; not recorded\n", c.err.Warn("note:"), err)
		return nil
	}
	if _, err := c.spot(t, fields[0], family); err != nil {
		// A mistyped pointer is not worth stopping the check for.
		c.err.Printf("%s %v; not recorded\n", c.err.Warn("note:"), err)
	}
	c.out.Printf("\n")
	return nil
}

// parsePointer reads FILE:LINE or FILE:FIRST-LAST.
func parsePointer(arg string) (file string, start, end int, err error) {
	i := strings.LastIndex(arg, ":")
	if i <= 0 {
		return "", 0, 0, usagef("%q is not FILE:LINE or FILE:FIRST-LAST (e.g. store.go:42-47)", arg)
	}
	file, lines := arg[:i], arg[i+1:]
	sp, ok := exercise.ParseSpan(lines)
	if !ok {
		return "", 0, 0, usagef("%q: the lines must be N or FIRST-LAST with 1 <= FIRST <= LAST", lines)
	}
	return file, sp.Start, sp.End, nil
}

// spotInExercise resolves file (relative to the working folder, or to the
// exercise's folder) to a file of the exercise and maps the pointer's lines
// from the learner's current file back to the shipped one, so a spot
// still counts after they have started editing.
func (c *inv) spotInExercise(t *target, file string, start, end int) (workspace.Spot, error) {
	dir := t.ws.ExerciseDir(t.ex.ID)
	var rel string
	for _, base := range []string{c.Dir, dir} {
		p := file
		if !filepath.IsAbs(p) {
			p = filepath.Join(base, file)
		}
		r, err := filepath.Rel(dir, p)
		if err != nil || r == ".." || strings.HasPrefix(r, ".."+string(filepath.Separator)) {
			continue
		}
		if _, err := os.Stat(p); err == nil || base == dir {
			rel = filepath.ToSlash(r)
			break
		}
	}
	if rel == "" {
		return workspace.Spot{}, usagef("%s is not a file of exercise %s (its files are in %s)", file, t.ex.ID, c.rel(dir))
	}
	cur, err := workspace.ReadRegular(filepath.Join(dir, filepath.FromSlash(rel)))
	if errors.Is(err, fs.ErrNotExist) {
		return workspace.Spot{}, usagef("%s: no such file in exercise %s", file, t.ex.ID)
	}
	if err != nil {
		return workspace.Spot{}, err
	}
	if n := exercise.LineCount(cur); end > n {
		return workspace.Spot{}, usagef("%s has %d lines; the pointer %d-%d is past its end", file, n, start, end)
	}
	if shipped, ok := t.ex.Code[rel]; ok && !bytes.Equal(shipped, cur) {
		start, _ = linediff.MapToOld(shipped, cur, start)
		end, _ = linediff.MapToOld(shipped, cur, end)
		start = max(start, 1)
		end = max(end, start)
	}
	return workspace.Spot{File: rel, Start: start, End: end}, nil
}

func printSpot(c *inv, ex *exercise.Exercise, s workspace.Spot, j exercise.SpotJudgement, arg string, attempt int, earlier bool) {
	where := c.out.Bold(arg)
	switch {
	case j.Verdict == exercise.SpotRight:
		c.out.Printf("%s %s is the bug (family: %s).\n", c.out.Good("Right:"), where, c.out.Bold(ex.Family))
		if s.Family != "" && s.Family != ex.Family && s.FamilyRight {
			c.out.Printf("You named it %s: that reading is right too.\n", s.Family)
		}
		if s.Family != "" && !s.FamilyRight {
			c.out.Printf("You named it %s, though: drill explain and the solution's explanation say why it is %s.\n", s.Family, ex.Family)
		}
		if n := len(ex.Bugs); n > 1 {
			c.out.Printf("It has %d sites; this is one of them. A fix covers them all.\n", n)
		}
	case j.TooWide:
		c.out.Printf("%s %s covers the bug, but a review comment points at a few lines: narrow it to at most %d.\n", c.out.Warn("Close:"), where, j.Limit)
	case j.Verdict == exercise.SpotClose && j.Near:
		c.out.Printf("%s the bug is in %s, a few lines away from %s.\n", c.out.Warn("Close:"), s.File, where)
	case j.Verdict == exercise.SpotClose:
		c.out.Printf("%s the bug is in %s, but not at those lines.\n", c.out.Warn("Close:"), s.File)
	default:
		c.out.Printf("%s the bug is not in %s.\n", c.out.Bad("Not there:"), s.File)
	}
	if j.Verdict != exercise.SpotRight && s.Family != "" && s.FamilyRight {
		c.out.Printf("You named the right family, though.\n")
	}
	note := fmt.Sprintf("attempt %d", attempt)
	switch {
	case earlier:
		note += "; you had spotted it already"
	case !s.Unaided:
		note += "; after a check or the solution, so it does not count as a first-try spot"
	case attempt == 1 && j.Verdict == exercise.SpotRight:
		note += "; spotted first try"
	}
	c.out.Printf("%s\n", c.out.Faint("("+note+")"))
	if j.Verdict == exercise.SpotRight {
		c.out.Printf("\nNow fix it, then: %s\n", c.out.Bold("drill check"))
	} else {
		c.out.Printf("\nLook again, then: drill spot FILE:LINE   (stuck? drill hint)\n")
	}
}
