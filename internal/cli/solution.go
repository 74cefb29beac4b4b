package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"path/filepath"
	"strings"

	"github.com/rogpeppe/go-internal/diff"

	"github.com/drillhq/drill/internal/workspace"
)

func runSolution(_ context.Context, c *inv, args []string) error {
	fs := flag.NewFlagSet("solution", flag.ContinueOnError)
	reveal := fs.Bool("reveal", false, "show the solution before you have solved the exercise (recorded as revealed)")
	apply := fs.Bool("apply", false, "write the reference fix into your workspace (your version goes to .drill/backup/)")
	packDir := packFlag(fs)
	pos, err := parseFlags(c, "solution", fs, args)
	if err != nil {
		return err
	}
	t, err := c.target(*packDir, pos)
	if err != nil {
		return err
	}
	ws, st, ex := t.ws, t.st, t.ex
	ev, err := workspace.LoadEvidence(c.Getenv)
	if err != nil {
		return err
	}
	p := st.Exercises[ex.ID]
	solved := ev.Verified(ex.ID, p)
	seen := p != nil && p.Revealed
	if p != nil && p.Solved && !solved {
		warnUnproven(c, ex.ID)
	}
	if !solved && !seen && !*reveal {
		return &exitError{code: ExitFail, msg: fmt.Sprintf("%s is not solved yet: pass drill check first, or run drill solution --reveal %s to see it anyway (recorded as revealed)", ex.ID, ex.ID)}
	}
	if !solved && !seen {
		if err := ws.Update(func(st *workspace.State) error { st.Get(ex.ID).Revealed = true; return nil }); err != nil {
			return err
		}
	}
	dir := ws.ExerciseDir(ex.ID)
	reference := ex.SolvedCode()
	mine, err := workspace.ReadFiles(dir, reference)
	if err != nil {
		return err
	}
	c.out.Printf("%s\n\n", c.out.Bold("Reference fix for "+ex.ID+" (diff: your code → reference):"))
	same := true
	for _, name := range sortedNames(reference) {
		d := diff.Diff(filepath.Join(ex.ID, name)+" (yours)", mine[name], filepath.Join(ex.ID, name)+" (reference)", reference[name])
		if len(d) > 0 {
			same = false
			c.out.Printf("%s\n", colorDiff(c, string(d)))
		}
	}
	if same {
		c.out.Printf("%s\n\n", c.out.Faint("(your files match the reference exactly)"))
	}
	c.out.Printf("%s\n%s\n", c.out.Bold("Why it matters:"), strings.TrimSpace(ex.Explanation))
	if *apply {
		if _, err := backup(c, ws, ex.ID, mine); err != nil {
			return err
		}
		if err := workspace.WriteFiles(dir, reference); err != nil {
			return err
		}
		c.out.Printf("\nWrote the reference fix into %s.\n", c.rel(dir))
	}
	return nil
}

func colorDiff(c *inv, d string) string {
	lines := strings.Split(strings.TrimRight(d, "\n"), "\n")
	for i, l := range lines {
		switch {
		case strings.HasPrefix(l, "+++") || strings.HasPrefix(l, "---"):
			lines[i] = c.out.Bold(l)
		case strings.HasPrefix(l, "+"):
			lines[i] = c.out.Good(l)
		case strings.HasPrefix(l, "-"):
			lines[i] = c.out.Bad(l)
		}
	}
	return strings.Join(lines, "\n")
}

// backup copies the learner's files of exercise id into
// .drill/backup/<id>-<time>/ and returns that folder.
func backup(c *inv, ws *workspace.Workspace, id string, files map[string][]byte) (string, error) {
	if len(files) == 0 {
		return "", nil
	}
	dir := filepath.Join(ws.BackupDir(), id+"-"+c.Now().UTC().Format("20060102-150405.000"))
	if err := workspace.WriteFiles(dir, files); err != nil {
		return "", errors.New("cannot back up your version: " + err.Error())
	}
	return dir, nil
}
