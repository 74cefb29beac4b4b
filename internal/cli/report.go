package cli

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"time"

	"github.com/drillhq/drill/internal/report"
	"github.com/drillhq/drill/internal/term"
	"github.com/drillhq/drill/internal/workspace"
)

// Files drill report --merge writes into --out.
const (
	classCSV  = "class-report.csv"
	classHTML = "class-report.html"
)

// runReport is drill report: the learner's progress per bug family, or
// with --merge a class's reports put together. The computing is in
// internal/report; this reads the workspace and writes the files.
func runReport(_ context.Context, c *inv, args []string) error {
	fs := flag.NewFlagSet("report", flag.ContinueOnError)
	asJSON := fs.Bool("json", false, "print the report as one JSON object (schema: docs/report.md), the input of --merge")
	name := fs.String("name", "", "the learner `NAME` the report carries (default $USER, else \"learner\")")
	merge := fs.Bool("merge", false, "merge the drill report --json FILEs given as arguments: a table here, and class-report.csv and class-report.html in --out")
	outDir := fs.String("out", "", "the `DIR` --merge writes class-report.csv and class-report.html to (default: here)")
	packDir := packFlag(fs)
	pos, err := parseFlags(c, "report", fs, args)
	if err != nil {
		return err
	}
	if *merge {
		switch {
		case *asJSON:
			return usagef("--json is for one learner's report; --merge writes CSV and HTML")
		case *name != "":
			return usagef("--name is for one learner's report; --merge takes the names from the files")
		case len(pos) == 0:
			return usagef("--merge needs the report FILEs to merge (each made with drill report --json > FILE)")
		}
		return mergeReports(c, pos, *outDir)
	}
	if len(pos) > 0 {
		return usagef("takes no arguments without --merge (drill report --merge FILE... merges reports)")
	}
	if *outDir != "" {
		return usagef("--out is where --merge writes its files")
	}
	ws, err := c.workspace()
	if err != nil {
		return err
	}
	pack, err := c.loadPack(*packDir)
	if err != nil {
		return err
	}
	st, ev, err := c.progress(ws)
	if err != nil {
		return err
	}
	warnUnproven(c, st.Unproven(ev)...)
	learner := *name
	if learner == "" {
		learner = c.Getenv("USER")
	}
	if learner == "" {
		learner = "learner"
	}
	r := report.Build(pack, st, ev, learner, c.Now())
	if *asJSON {
		return writeJSON(c.Stdout, r)
	}
	printReport(c, r)
	return nil
}

// printReport is the report for people: a row per family, then what to
// practise.
func printReport(c *inv, r *report.Report) {
	o := c.out
	o.Printf("%s\n\n", o.Bold(fmt.Sprintf("Progress of %s · %s", r.Learner, r.Pack)))
	o.Printf("%s\n", o.Bold(fmt.Sprintf("%-15s %-18s %-8s %-9s %-13s %-6s %s", "family", "solved", "started", "revealed", "spotted 1st", "hints", "median time")))
	for _, f := range r.Families {
		solved := fmt.Sprintf("%s %d/%d", term.Bar(f.Solved, f.Exercises, 10), f.Solved, f.Exercises)
		solved = fmt.Sprintf("%-18s", solved)
		if f.Solved == f.Exercises {
			solved = o.Good(solved)
		}
		median := o.Faint("—")
		if f.MedianSeconds != nil {
			median = (time.Duration(*f.MedianSeconds) * time.Second).String()
		}
		o.Printf("%-15s %s %-8d %-9d %-13d %-6d %s\n", f.Family, solved, f.Started, f.Revealed, f.SpottedFirstTry, f.Hints, median)
	}
	o.Printf("\n")
	if r.Weakest == nil {
		o.Printf("%s\n", o.Good("Every exercise is solved."))
		return
	}
	for _, f := range r.Families {
		if f.Family != r.Weakest.Family {
			continue
		}
		why := "not started yet"
		if f.Started > 0 {
			why = fmt.Sprintf("%d started: %d solved, %d revealed, %d spotted first try", f.Started, f.Solved, f.Revealed, f.SpottedFirstTry)
		}
		o.Printf("Weakest family: %s (%s)\n", o.Bold(f.Family), why)
	}
	o.Printf("Practise next:  drill next %s\n", r.Weakest.Next)
	o.Printf("%s\n", o.Faint("(how the weakest family is chosen: docs/report.md)"))
}

// mergeReports reads the reports in files, prints the class table and
// writes the CSV and HTML files into outDir.
func mergeReports(c *inv, files []string, outDir string) error {
	reports := make([]*report.Report, 0, len(files))
	for _, f := range files {
		path := f
		if !filepath.IsAbs(path) {
			path = filepath.Join(c.Dir, path)
		}
		data, err := os.ReadFile(path)
		if errors.Is(err, fs.ErrNotExist) {
			return fmt.Errorf("report %s does not exist", f)
		}
		if err != nil {
			return fmt.Errorf("cannot read report %s: %w", f, err)
		}
		r, err := report.Decode(f, data)
		if err != nil {
			return err
		}
		reports = append(reports, r)
	}
	class, err := report.Merge(files, reports)
	if err != nil {
		return err
	}
	dir := c.Dir
	if outDir != "" {
		dir = outDir
		if !filepath.IsAbs(dir) {
			dir = filepath.Join(c.Dir, dir)
		}
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("cannot make the output folder: %w", err)
	}
	// Both files are rendered in full before either is written, and each
	// replaces the old one atomically: a browser or spreadsheet open on
	// last week's report never reads half of this week's.
	var csvData, htmlData bytes.Buffer
	if err := report.WriteCSV(&csvData, class); err != nil {
		return err
	}
	if err := report.WriteHTML(&htmlData, class, c.Now()); err != nil {
		return err
	}
	csvPath, htmlPath := filepath.Join(dir, classCSV), filepath.Join(dir, classHTML)
	if err := workspace.WriteFileAtomic(csvPath, csvData.Bytes()); err != nil {
		return err
	}
	if err := workspace.WriteFileAtomic(htmlPath, htmlData.Bytes()); err != nil {
		return err
	}
	if err := report.WriteTable(c.Stdout, class); err != nil {
		return err
	}
	c.out.Printf("\nWrote %s and %s (%d learners).\n", c.rel(csvPath), c.rel(htmlPath), len(class.Learners))
	return nil
}
