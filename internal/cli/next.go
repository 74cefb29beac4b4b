package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/drillhq/drill/internal/exercise"
	"github.com/drillhq/drill/internal/workspace"
)

func runNext(cx context.Context, c *inv, args []string) error {
	fs := flag.NewFlagSet("next", flag.ContinueOnError)
	skip := fs.Bool("skip", false, "move past the current exercise even if it is not solved")
	all := familiesFlag(fs)
	packDir := packFlag(fs)
	pos, err := parseFlags(c, "next", fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 1 {
		return usagef("expected at most one exercise id, got %d", len(pos))
	}
	pack, err := c.loadPack(*packDir)
	if err != nil {
		return err
	}
	ws, err := workspace.Find(c.Dir)
	if errors.Is(err, workspace.ErrNotFound) {
		// Exercises are folders of their own next to go.mod: in a folder
		// that holds the learner's other files they would mix in.
		if err := mustBeEmpty(c.Dir); err != nil {
			return err
		}
		var created bool
		if ws, created, err = workspace.Init(c.Dir); err != nil {
			return err
		}
		if created {
			c.out.Printf("Created a drill workspace in %s.\n\n", ws.Root)
		}
	} else if err != nil {
		return err
	}
	if err := c.rememberPack(ws, *packDir); err != nil {
		return err
	}
	// Before the brief, so the brief is the last thing on screen.
	if err := prepareWorkspace(cx, c, ws); err != nil {
		return err
	}

	ev, err := workspace.LoadEvidence(c.Getenv)
	if err != nil {
		return err
	}
	var ex *exercise.Exercise
	var again, shown bool
	err = ws.Update(func(st *workspace.State) error {
		ex, again = nil, false
		if len(pos) == 1 {
			e, ok := pack.Get(pos[0])
			if !ok {
				return &exitError{code: ExitUsage, msg: fmt.Sprintf("no exercise %q in the %s: run drill list for the ids", pos[0], pack.Source)}
			}
			ex = e
		} else {
			ex, again = chooseNext(pack, st, ev, *skip)
		}
		if ex == nil {
			return nil
		}
		st.Current = ex.ID
		p := st.Get(ex.ID)
		if p.Started.IsZero() {
			p.Started = c.Now().UTC()
		}
		shown = c.familyShown(st, ev, ex, *all)
		return nil
	})
	if err != nil {
		return err
	}
	if ex == nil {
		c.out.Printf("%s You have finished every exercise in the %s.\nSee drill list for your record, or drill next ID to revisit one.\n", c.out.Good("All done!"), pack.Source)
		return nil
	}
	dir := ws.ExerciseDir(ex.ID)
	written, err := writeMissing(dir, ex.Code)
	if err != nil {
		return err
	}
	if again {
		c.out.Printf("%s is still your current exercise (drill next --skip moves on).\n\n", c.out.Bold(ex.ID))
	}
	printBrief(c, pack, ex, dir, written, shown)
	if line, active := interviewStatus(c, ws); active {
		c.out.Printf("\n%s\n", c.out.Warn(line))
	}
	return nil
}

// mustBeEmpty refuses to turn a folder with files in it into a workspace
// unasked; dot-files (a fresh git repository's .git) do not count.
func mustBeEmpty(dir string) error {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return err
	}
	for _, e := range entries {
		if !strings.HasPrefix(e.Name(), ".") {
			return fmt.Errorf("%s is not a drill workspace and holds other files (%s, ...): make a workspace in a folder of its own with drill init DIR (e.g. drill init ~/drill-work), then cd there and run drill next", dir, e.Name())
		}
	}
	return nil
}

// chooseNext returns the exercise drill next hands out: the current one
// while it is unsolved (again = true), else the first pending one in pack
// order, so exercises skipped earlier come back before the pack ends.
// --skip moves past the current one: the first pending one after it,
// wrapping around. A solve counts only if ev verifies it.
func chooseNext(pack *exercise.Pack, st *workspace.State, ev *workspace.Evidence, skip bool) (ex *exercise.Exercise, again bool) {
	cur := st.Current
	if cur != "" && !skip {
		if e, ok := pack.Get(cur); ok && st.Status(ev, cur) == workspace.Current {
			return e, true
		}
	}
	start := 0
	for i, e := range pack.Exercises {
		if e.ID == cur && skip {
			start = i + 1
		}
	}
	n := len(pack.Exercises)
	for k := range n {
		e := pack.Exercises[(start+k)%n]
		if e.ID == cur {
			continue
		}
		if s := st.Status(ev, e.ID); s == workspace.Pending {
			return e, false
		}
	}
	return nil, false
}

// writeMissing writes the exercise's files that do not exist yet, so a
// learner's edits are never overwritten by drill next.
func writeMissing(dir string, files map[string][]byte) (int, error) {
	have, err := workspace.ReadFiles(dir, files)
	if err != nil {
		return 0, err
	}
	missing := map[string][]byte{}
	for name, data := range files {
		if _, ok := have[name]; !ok {
			missing[name] = data
		}
	}
	return len(missing), workspace.WriteFiles(dir, missing)
}

// printBrief shows the review request. The header names the bug's family
// only when shown is true (see familyShown), else its area.
func printBrief(c *inv, pack *exercise.Pack, ex *exercise.Exercise, dir string, written int, shown bool) {
	pos := 0
	for i, e := range pack.Exercises {
		if e.ID == ex.ID {
			pos = i + 1
		}
	}
	c.out.Printf("%s  %s\n", c.out.Bold(fmt.Sprintf("Exercise %d/%d: %s", pos, len(pack.Exercises), ex.Title)),
		c.out.Faint(fmt.Sprintf("[%s · %s · difficulty %d]", ex.ID, kind(ex, shown), ex.Difficulty)))
	c.out.Printf("\n%s\n\n", strings.TrimSpace(ex.Brief))
	c.out.Printf("%s\n", c.out.Bold("Files to review:"))
	for _, name := range sortedNames(ex.Code) {
		c.out.Printf("  %s\n", c.rel(filepath.Join(dir, filepath.FromSlash(name))))
	}
	if written == 0 {
		c.out.Printf("%s\n", c.out.Faint("  (already in your workspace; your edits were kept)"))
	}
	if ex.NeedsPostgres() {
		c.out.Printf("\n%s\n", c.out.Faint("This one runs on PostgreSQL (READ COMMITTED, row locks), as in production: drill check starts a private server from your PostgreSQL install, or uses "+PostgresURLEnv+"; drill doctor says whether this machine has one."))
	}
	c.out.Printf("\nFound the bug? Point at it: %s   Fixed it: %s   (stuck? %s)\n", c.out.Bold("drill spot FILE:LINE"), c.out.Bold("drill check"), "drill hint")
}
