package cli

import (
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"

	"github.com/drillhq/drill/analyzers/policy"
	"github.com/drillhq/drill/exercises"
	"github.com/drillhq/drill/internal/exercise"
	"github.com/drillhq/drill/internal/grade"
	"github.com/drillhq/drill/internal/workspace"
)

func runCheck(cx context.Context, c *inv, args []string) error {
	fs := flag.NewFlagSet("check", flag.ContinueOnError)
	asJSON := fs.Bool("json", false, "print the verdict as one JSON object (schema: docs/json.md)")
	formatName := formatFlag(fs)
	packDir := packFlag(fs)
	watch := fs.Bool("watch", false, "grade, then grade again each time the exercise's files change, until Ctrl-C")
	force := fs.Bool("force", false, "grade even if the code is unchanged since the last check (which otherwise answers from that verdict at once)")
	pos, err := parseFlags(c, "check", fs, args)
	if err != nil {
		return err
	}
	format, err := outputFormat(*asJSON, *formatName)
	if err != nil {
		return err
	}
	if *watch && format != "" {
		return usagef("--watch redraws the verdict for people to read: it does not combine with --json or --format")
	}
	t, err := c.target(*packDir, pos)
	if err != nil {
		return err
	}
	opt := checkOptions{format: format, force: *force}
	if *watch {
		return watchCheck(cx, c, t, opt)
	}
	if format == "" {
		if err := c.promptSpot(t); err != nil {
			return err
		}
	}
	res, err := checkOnce(cx, c, t, opt)
	if err != nil {
		return err
	}
	if line, active := interviewStatus(c, t.ws); active && format == "" {
		c.out.Printf("%s\n", c.out.Faint(line))
	}
	if !res.Solved {
		// No message: the verdict printed is the report, and Main prints
		// no error object for it.
		return &exitError{code: ExitFail}
	}
	return nil
}

// checkOptions are the flags that shape one check.
type checkOptions struct {
	format string // "" (text for people), formatJSON or formatExercism
	force  bool   // grade even when the last verdict is of the same code
}

// checkOnce grades t's exercise, records the attempt (and a solve) in the
// progress and prints the verdict, or prints the last verdict when the
// code is unchanged since (which records nothing).
func checkOnce(cx context.Context, c *inv, t *target, opt checkOptions) (*grade.Result, error) {
	ws, ex := t.ws, t.ex
	if st, err := os.Stat(ws.ExerciseDir(ex.ID)); err != nil || !st.IsDir() {
		return nil, fmt.Errorf("%s is not in your workspace yet: run drill next %s", ex.ID, ex.ID)
	}
	// A folder drill cannot read fully gets no key: it is graded, and
	// grading says what is wrong with it.
	key, _ := verdictKey(c, ws, ex)
	if key != "" && !opt.force {
		if v := cachedVerdict(c, t, key); v != nil {
			c.err.Printf("%s\n", cachedNote(c.Now(), v.At))
			return v.Result, printResult(c, ex, v.Result, opt.format)
		}
	}
	if opt.format == "" {
		on := ""
		if ex.NeedsPostgres() {
			on = " on PostgreSQL"
		}
		c.err.Printf("Checking %s: build, %s, hidden tests under -race%s ...\n", ex.ID, analyzerList(ex), on)
		if slowFirstCheck(c) {
			c.err.Printf("%s\n", slowFirstCheckNote)
		}
	}
	guard, err := ws.Guard(c.Getenv)
	if err != nil {
		return nil, err
	}
	pg := newPostgres(c)
	defer pg.release()
	res, err := gradeExercise(cx, c.Self, c.Getenv, ws.Root, ex, pg)
	// Code under test runs as the user and could rewrite the progress
	// files (forging a sealed record with the key it read): whatever it
	// wrote is put back, also when the check was interrupted, and the
	// check does not count.
	changed, rerr := guard.Restore()
	if err != nil {
		return nil, err
	}
	if rerr != nil {
		return nil, rerr
	}
	if len(changed) > 0 {
		res.Fail(grade.StageTests, fmt.Sprintf("the code under test changed drill's progress files (%s); drill put them back (if another drill command ran meanwhile, check again)", strings.Join(changed, ", ")))
	}
	// Workspace-relative compiler positions become absolute, so that they
	// open from wherever the learner is (relPaths shortens them again).
	res.BuildOutput = absBuildPaths(ws.Root, ex.ID, res.BuildOutput)
	err = ws.Update(func(st *workspace.State) error {
		// A "solved" that learner code wrote carries no proof made with
		// the user's key, so it is not taken for a solve here and is
		// resealed only by a real pass.
		ev, err := workspace.LoadEvidence(c.Getenv)
		if err != nil {
			return err
		}
		p := st.Get(ex.ID)
		p.Attempts++
		if res.Solved && !ev.Verified(ex.ID, p) {
			ev.Seal(ex.ID, p, res.Files, c.Now())
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	markVetted(c, res)
	// Kept only if the folder still holds what was graded: a file saved
	// during the check makes the verdict another code's. Failing to keep
	// it costs the next check its shortcut, nothing more.
	if key != "" && len(changed) == 0 && cacheable(res) {
		if after, _ := verdictKey(c, ws, ex); after == key {
			_ = storeVerdict(ws, key, c.Now(), res)
		}
	}
	return res, printResult(c, ex, res, opt.format)
}

// printResult prints a verdict in the format asked for.
func printResult(c *inv, ex *exercise.Exercise, res *grade.Result, format string) error {
	switch format {
	case formatJSON:
		return writeJSON(c.Stdout, checkJSON(c, res))
	case formatExercism:
		return writeJSON(c.Stdout, exercismResult(c, res))
	}
	printVerdict(c, ex, res)
	return nil
}

// gradeExercise runs the grading pipeline on exercise ex in the workspace
// rooted at root; pg provides the server for PostgreSQL exercises.
func gradeExercise(cx context.Context, self string, getenv func(string) string, root string, ex *exercise.Exercise, pg *postgres) (*grade.Result, error) {
	var env []string
	if ex.NeedsPostgres() {
		// The server launches while the test binary builds.
		var err error
		if env, err = pg.env(cx); err != nil {
			return nil, err
		}
	}
	allowed, err := policy.UsesOfSource(ex.Code)
	if err != nil {
		return nil, fmt.Errorf("%s: shipped code: %w", ex.ID, err)
	}
	res, err := grade.Run(cx, grade.Request{
		TestEnv:    env,
		Root:       root,
		Package:    ex.ID,
		Analyzers:  append([]string{policy.Analyzer.Name}, ex.Analyzers...),
		VetFlags:   []string{"-" + policy.Analyzer.Name + ".allow=" + strings.Join(allowed, ",")},
		Gate:       []string{policy.Analyzer.Name},
		Tests:      ex.GradedTestFiles(),
		GradeRoot:  filepath.Join(cacheDir(getenv), "grade"),
		GoMod:      workspace.GoMod(),
		GoSum:      workspace.GoSum(),
		Harness:    exercises.HarnessFiles(),
		VerdictKey: exercises.VerdictKeyFiles(),
		HarnessDir: strings.TrimPrefix(exercises.HarnessImportPath, workspace.ModulePath+"/"),
		Timeout:    ex.Timeout,
		Self:       self,
	})
	if ex.NeedsPostgres() {
		if perr := pg.ready(); perr != nil {
			return nil, perr
		}
	}
	return res, err
}

func analyzerList(ex *exercise.Exercise) string {
	if len(ex.Analyzers) == 0 {
		return "analyzers (none named: this bug is graded by tests only)"
	}
	return "analyzers (" + strings.Join(ex.Analyzers, ", ") + ")"
}

// printVerdict shows each stage of the verdict grade worked out with PASS,
// FAIL or a dash for a stage not run, and a failing stage in detail.
func printVerdict(c *inv, ex *exercise.Exercise, res *grade.Result) {
	marks := map[string]string{grade.StagePassed: c.out.Good("PASS"), grade.StageFailed: c.out.Bad("FAIL"), grade.StageSkipped: c.out.Faint("----")}
	for _, s := range res.Stages {
		detail := s.Detail
		if s.Name == grade.StageAnalyzers && s.Status == grade.StagePassed {
			// grade knows no exercise: the one here names what ran.
			detail = analyzerList(ex)
		}
		c.out.Printf("%s  %-10s %s\n", marks[s.Status], s.Name, detail)
		if s.Status == grade.StageFailed {
			printFailure(c, s.Name, res)
		}
	}
	for _, w := range res.Warnings {
		c.out.Printf("%s %s\n", c.out.Warn("note"), w)
	}
	for _, n := range res.Notes {
		c.out.Printf("%s %s: %s %s\n", c.out.Warn("note"), c.rel(n.Posn), n.Message, c.out.Faint("("+n.Analyzer+", not graded)"))
	}
	c.out.Printf("\n")
	if res.Solved {
		c.out.Printf("%s %s is solved. See the reference fix and why it matters: drill solution. Then: drill next\n", c.out.Good("Solved!"), ex.ID)
		return
	}
	c.out.Printf("%s %s. Stuck? drill hint\n", c.out.Bad("Not solved yet:"), res.Problem)
}

// printFailure shows what failed a stage: the compiler's output, each
// finding, or each failing test with its own reason.
func printFailure(c *inv, stage string, res *grade.Result) {
	switch stage {
	case grade.StageBuild:
		c.out.Printf("\n%s\n\n", indent(relPaths(c, res.BuildOutput), "    "))
	case grade.StageAnalyzers:
		for _, f := range res.Findings {
			c.out.Printf("    %s: %s %s\n", c.rel(f.Posn), f.Message, c.out.Faint("("+f.Analyzer+")"))
		}
	case grade.StageTests:
		// The first failing test in full, the others in a few lines, so a
		// second broken promise is not hidden behind the first.
		shown := 0
		for _, t := range res.Tests {
			if t.Status == "pass" {
				continue
			}
			c.out.Printf("    %s %s\n", c.out.Bad(strings.ToUpper(t.Status)), t.Name)
			if t.Where != "" {
				c.out.Printf("        at %s\n", c.rel(t.Where))
			}
			limit := otherFailureLines
			if shown == 0 {
				limit = firstFailureLines
			}
			if why := trimOutput(relPaths(c, t.Output), limit); why != "" {
				c.out.Printf("%s\n", indent(why, "        "))
			}
			shown++
		}
	}
}

// How many lines of its output a failing test shows: enough of the first
// for a race report's two accesses and the test's messages, a glimpse of
// each other one (drill check --json keeps all of it).
const (
	firstFailureLines = 30
	otherFailureLines = 6
)

// relPaths rewrites absolute paths under the working folder in compiler and
// test output so the editor can open them from here.
func relPaths(c *inv, s string) string {
	if c.Dir == "" {
		return s
	}
	return strings.ReplaceAll(s, c.Dir+string(filepath.Separator), "")
}

// absBuildPaths makes the compiler's positions absolute. The go command
// runs in the grading module, whose layout is the workspace's, and names
// the files relative to it (id/file.go:5:9): right from the workspace
// root only. Absolute, relPaths shortens them for the folder drill runs in.
func absBuildPaths(root, id, out string) string {
	if out == "" {
		return out
	}
	dir := filepath.Join(root, filepath.FromSlash(id)) + string(filepath.Separator)
	// In a replacement template "$" is special: a "$" in the path is "$$".
	return regexp.MustCompile(`(?m)^(\s*)`+regexp.QuoteMeta(id+"/")).ReplaceAllString(out, "${1}"+strings.ReplaceAll(dir, "$", "$$"))
}

// trimOutput keeps the lines that say why a test failed. The test's own
// messages (file_test.go:12: ...) come first: they state the consequence.
// A race report is cut down to its first race's two accesses, each with
// the line it happened on; the full report is in drill check --json.
// test2json's "=== RUN" headers and PASS/FAIL trailers are dropped.
func trimOutput(s string, max int) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	var messages, rest []string
	races := 0
	for i := 0; i < len(lines); i++ {
		line := lines[i]
		t := strings.TrimSpace(line)
		switch {
		case t == "" || strings.HasPrefix(t, "=== ") || strings.HasPrefix(t, "--- FAIL") || strings.HasPrefix(t, "--- PASS"):
		case t == "WARNING: DATA RACE":
			races++
			end := i + 1
			for end < len(lines) && strings.TrimSpace(lines[end]) != "==================" {
				end++
			}
			if races == 1 {
				rest = append(rest, raceSummary(lines[i+1:end])...)
			}
			i = end
		case t == "==================":
		case testMessage.MatchString(t):
			messages = append(messages, t)
		case len(messages) > 0 && strings.HasPrefix(line, "        "):
			// A continuation line of a multi-line t.Errorf message.
			messages = append(messages, "  "+t)
		default:
			rest = append(rest, t)
		}
	}
	if races > 1 {
		rest = append(rest, fmt.Sprintf("(%d data races reported in all; drill check --json shows every report)", races))
	}
	keep := append(messages, rest...)
	if len(keep) > max {
		keep = append(keep[:max], fmt.Sprintf("... %d more lines (drill check --json shows all)", len(keep)-max))
	}
	return strings.Join(keep, "\n")
}

// raceSummary reduces one race detector report to its accesses ("Write at
// ... by goroutine 7:") and the function and line each happened in.
func raceSummary(report []string) []string {
	out := []string{"DATA RACE:"}
	for i, line := range report {
		t := strings.TrimSpace(line)
		isAccess := strings.Contains(t, " at 0x") && strings.Contains(t, "by goroutine") ||
			strings.Contains(t, " at 0x") && strings.Contains(t, "by main goroutine")
		if isAccess && i+2 < len(report) {
			where := pcOffset.ReplaceAllString(strings.TrimSpace(report[i+2]), "")
			out = append(out, "  "+t+" "+strings.TrimSpace(report[i+1])+" at "+where)
		}
	}
	return out
}

// pcOffset is the " +0x1f" a stack frame's line ends with.
var pcOffset = regexp.MustCompile(` \+0x[0-9a-f]+$`)

// testMessage matches a line logged by t.Error, t.Fatal or t.Log, and the
// testing package's own verdicts (race detected during execution of test).
var testMessage = regexp.MustCompile(`^[\w.-]+_test\.go:\d+: |^testing\.go:\d+: `)

func indent(s, prefix string) string {
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		lines[i] = prefix + l
	}
	return strings.Join(lines, "\n")
}
