package cli

import (
	"context"
	"errors"
	"flag"
	"slices"

	"github.com/drillhq/drill/internal/exercise"
	"github.com/drillhq/drill/internal/term"
	"github.com/drillhq/drill/internal/workspace"
)

// ListJSON is drill list --json (docs/json.md). Schema version 1 made it
// an object: the bare array before it had no room for a version.
type ListJSON struct {
	Version   int         `json:"version"`
	Exercises []ListEntry `json:"exercises"`
}

// ListEntry is one exercise of drill list --json.
type ListEntry struct {
	ID    string `json:"id"`
	Title string `json:"title"`
	// Family is empty until the exercise is spotted, solved or revealed
	// (or --families): see familyShown. Area is always there.
	Family     string `json:"family,omitempty"`
	Area       string `json:"area,omitempty"`
	Difficulty int    `json:"difficulty"`
	Database   string `json:"database"`
	// Status is the one word drill list shows: a solution seen before the
	// solve reads "revealed" even after a pass. Solved and Revealed say
	// each fact on its own, so a revealed-then-solved exercise counts as
	// solved for a script that tallies solves.
	Status     string `json:"status"`
	Solved     bool   `json:"solved"`
	Revealed   bool   `json:"revealed"`
	Attempts   int    `json:"attempts"`
	HintsShown int    `json:"hints_shown"`
	// Spotted is a proven right drill spot; SpottedFirstTry one that was
	// the first attempt, made before any check or solution.
	Spotted         bool `json:"spotted"`
	SpottedFirstTry bool `json:"spotted_first_try"`
}

func runList(_ context.Context, c *inv, args []string) error {
	fs := flag.NewFlagSet("list", flag.ContinueOnError)
	asJSON := fs.Bool("json", false, "print the exercises and their progress as one JSON object (schema: docs/json.md)")
	all := familiesFlag(fs)
	packDir := packFlag(fs)
	pos, err := parseFlags(c, "list", fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return usagef("takes no arguments")
	}
	pack, err := c.loadPack(*packDir)
	if err != nil {
		return err
	}
	// Outside a workspace every exercise is simply pending.
	st := &workspace.State{}
	var ev *workspace.Evidence
	if ws, err := workspace.Find(c.Dir); err == nil {
		if st, err = ws.LoadState(); err != nil {
			return err
		}
		if ev, err = workspace.LoadEvidence(c.Getenv); err != nil {
			return err
		}
		warnUnproven(c, st.Unproven(ev)...)
	} else if !errors.Is(err, workspace.ErrNotFound) {
		return err
	}
	entries := make([]ListEntry, 0, len(pack.Exercises))
	done := 0
	for _, ex := range pack.Exercises {
		e := ListEntry{ID: ex.ID, Title: ex.Title, Area: ex.Area, Difficulty: ex.Difficulty, Database: ex.Database, Status: st.Status(ev, ex.ID)}
		if c.familyShown(st, ev, ex, *all) {
			e.Family = ex.Family
		}
		if p := st.Exercises[ex.ID]; p != nil {
			e.Attempts, e.HintsShown = p.Attempts, p.HintsShown
			e.Solved, e.Revealed = ev.Verified(ex.ID, p), p.Revealed
			e.Spotted, e.SpottedFirstTry = ev.Spotted(ex.ID, p), ev.SpottedFirstTry(ex.ID, p)
		}
		// Revealed-then-solved is still solved: the status word says
		// "revealed", the bar counts the solve.
		if e.Solved {
			done++
		}
		entries = append(entries, e)
	}
	if *asJSON {
		return writeJSON(c.Stdout, ListJSON{Version: JSONVersion, Exercises: entries})
	}
	c.out.Printf("%-3s %-34s %-15s %-4s %-8s %s\n", "#", "exercise", "family / area", "diff", "database", "status")
	hidden := 0
	for i, e := range entries {
		marker := " "
		if e.Status == workspace.Current {
			marker = ">"
		}
		k := e.Family
		if k == "" {
			k, hidden = kind(pack.Exercises[i], false), hidden+1
		}
		spot := ""
		if e.SpottedFirstTry {
			spot = c.out.Faint(" spotted first try")
		} else if e.Spotted {
			spot = c.out.Faint(" spotted")
		}
		c.out.Printf("%s%-2d %-34s %-15s %-4d %-8s %s%s\n", marker, i+1, e.ID, k, e.Difficulty, e.Database, c.out.Status(e.Status), spot)
	}
	if hidden > 0 {
		c.out.Printf("\n%s\n", c.out.Faint("A bug's family shows once you spot it (drill spot), solve it or reveal it; drill list --families shows all."))
	}
	if slices.ContainsFunc(entries, func(e ListEntry) bool { return e.Database == exercise.Postgres }) {
		c.out.Printf("\n%s\n", c.out.Faint("postgres: graded on a real PostgreSQL; drill starts a private one from the local install, or set "+PostgresURLEnv+" (drill doctor tells)"))
	}
	c.out.Printf("\n%s %d/%d solved (%d%%)\n", term.Bar(done, len(entries), 30), done, len(entries), 100*done/max(1, len(entries)))
	if st.Current == "" {
		c.out.Printf("Start with: drill next\n")
	}
	return nil
}

// warnUnproven says on stderr that the solves claimed for ids were ignored:
// the learner sees why an exercise they remember solving shows as open.
func warnUnproven(c *inv, ids ...string) {
	for _, id := range ids {
		c.err.Printf("%s progress for %s has no valid proof and was ignored (drill check %s records a real solve)\n", c.err.Warn("warning:"), id, id)
	}
}
