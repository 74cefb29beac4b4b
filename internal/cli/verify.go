package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"runtime"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/drillhq/drill/internal/exercise"
	"github.com/drillhq/drill/internal/grade"
	"github.com/drillhq/drill/internal/workspace"
)

func runVerify(cx context.Context, c *inv, args []string) error {
	fs := flag.NewFlagSet("verify", flag.ContinueOnError)
	packDir := packFlag(fs)
	jobs := fs.Int("j", runtime.NumCPU(), "exercises to prove at once")
	pos, err := parseFlags(c, "verify", fs, args)
	if err != nil {
		return err
	}
	if *jobs < 1 {
		return usagef("-j must be at least 1")
	}
	pack, err := c.loadPack(*packDir)
	if err != nil {
		return err
	}
	// Unformatted exercise code is a pack defect a learner would copy;
	// only verify pays for the check, since every command loads the pack.
	if err := pack.Lint(); err != nil {
		return err
	}
	todo := pack.Exercises
	if len(pos) > 0 {
		todo = nil
		for _, id := range pos {
			ex, ok := pack.Get(id)
			if !ok {
				return &exitError{code: ExitUsage, msg: fmt.Sprintf("no exercise %q in the %s: run drill list for the ids", id, pack.Source)}
			}
			todo = append(todo, ex)
		}
	}
	c.err.Printf("Proving %d exercise(s) from the %s, %d at a time: each bug site must be on lines the reference fix changes, each bug and mistake must fail grading, each reference fix and alternative must pass.\n", len(todo), pack.Source, *jobs)
	pg := newPostgres(c)
	defer pg.release()

	problems := make([][]string, len(todo))
	var (
		wg      sync.WaitGroup
		mu      sync.Mutex
		done    int
		envErr  error
		sem     = make(chan struct{}, *jobs)
		started = time.Now()
	)
	for i, ex := range todo {
		wg.Go(func() {
			sem <- struct{}{}
			defer func() { <-sem }()
			start := time.Now()
			found, err := prove(cx, c.Self, c.Getenv, ex, pg)
			mu.Lock()
			defer mu.Unlock()
			if err != nil {
				if envErr == nil {
					envErr = err
				}
				found = append(found, err.Error())
			}
			problems[i] = found
			done++
			state := c.err.Good("ok  ")
			if len(found) > 0 {
				state = c.err.Bad("FAIL")
			}
			c.err.Printf("[%d/%d] %s %s (%d alternatives, %d mistakes; %.1fs)\n", done, len(todo), state, ex.ID, len(ex.Alternatives), len(ex.Mistakes), time.Since(start).Seconds())
		})
	}
	wg.Wait()
	if cx.Err() != nil {
		return cx.Err()
	}
	var broken []string
	for i, found := range problems {
		if len(found) == 0 {
			continue
		}
		broken = append(broken, todo[i].ID)
		c.out.Printf("%s %s\n", c.out.Bad("BROKEN"), todo[i].ID)
		for _, p := range found {
			c.out.Printf("    %s\n", p)
		}
	}
	if ge, ok := errors.AsType[*grade.EnvError](envErr); ok {
		return ge
	}
	if len(broken) > 0 {
		return &exitError{code: ExitFail, msg: fmt.Sprintf("%d of %d exercises are broken: %s", len(broken), len(todo), strings.Join(broken, ", "))}
	}
	alts, mistakes := 0, 0
	for _, ex := range todo {
		alts += len(ex.Alternatives)
		mistakes += len(ex.Mistakes)
	}
	c.out.Printf("%s all %d exercises proven (sites changed by the fix, bug fails, fix passes; %d alternatives accepted, %d mistakes refused) in %.0fs\n", c.out.Good("ok"), len(todo), alts, mistakes, time.Since(started).Seconds())
	return nil
}

// prove first checks the exercise's declared bug sites against the lines
// its reference fix changes (static and instant, so a site that drifted
// off the bug is reported even when grading then fails on something
// else). Then it grades the exercise in a throwaway workspace as shipped,
// where every named analyzer must fire and the tests stage must not pass;
// with the reference fix and with each alternative, which must be solved
// outright; and with each mistake, which must be refused.
func prove(cx context.Context, self string, getenv func(string) string, ex *exercise.Exercise, pg *postgres) ([]string, error) {
	problems := ex.CheckSites()
	tmp, err := os.MkdirTemp("", "drill-verify-")
	if err != nil {
		return problems, err
	}
	defer os.RemoveAll(tmp)
	ws, _, err := workspace.Init(tmp)
	if err != nil {
		return problems, err
	}
	dir := ws.ExerciseDir(ex.ID)
	try := func(files map[string][]byte) (*grade.Result, error) {
		if err := os.RemoveAll(dir); err != nil {
			return nil, err
		}
		if err := workspace.WriteFiles(dir, files); err != nil {
			return nil, err
		}
		return gradeExercise(cx, self, getenv, ws.Root, ex, pg)
	}

	buggy, err := try(ex.Code)
	if err != nil {
		return problems, err
	}
	problems = append(problems, buggyProblems(ex, buggy)...)
	fixed, err := try(ex.SolvedCode())
	if err != nil {
		return problems, err
	}
	if !fixed.Solved {
		problems = append(problems, "reference fix is not solved: "+fixed.Problem+detail(fixed))
	}
	for _, alt := range ex.Alternatives {
		res, err := try(alt.Code(ex))
		if err != nil {
			return problems, err
		}
		if !res.Solved {
			problems = append(problems, fmt.Sprintf("alternative %s (%s) is refused: %s%s", alt.Name, alt.Why, res.Problem, detail(res)))
		}
	}
	for _, m := range ex.Mistakes {
		res, err := try(m.Code(ex))
		if err != nil {
			return problems, err
		}
		switch {
		case res.Solved:
			problems = append(problems, fmt.Sprintf("mistake %s (%s) is accepted as solved", m.Name, m.Why))
		case res.StageStatus(grade.StageBuild) == grade.StageFailed:
			// A mistake that does not compile proves nothing about the
			// tests or the analyzers.
			problems = append(problems, fmt.Sprintf("mistake %s does not compile, so it proves nothing: %s%s", m.Name, res.Problem, detail(res)))
		}
	}
	return problems, nil
}

// buggyProblems says what the shipped code fails to prove: it must build,
// every named analyzer must fire, and the tests stage must not pass (the
// grading policy refusing the code, which skips it, stops the bug too).
func buggyProblems(ex *exercise.Exercise, res *grade.Result) []string {
	var problems []string
	if res.StageStatus(grade.StageBuild) == grade.StageFailed {
		return []string{"the shipped code does not build: " + res.BuildOutput}
	}
	for _, name := range ex.Analyzers {
		if !slices.ContainsFunc(res.Findings, func(f grade.Finding) bool { return f.Analyzer == name }) {
			problems = append(problems, "analyzer "+name+" is silent on the shipped bug")
		}
	}
	// No graded test at all proves nothing either, whatever the stage
	// says (a pack whose test files hold no Test function).
	if res.StageStatus(grade.StageTests) == grade.StagePassed || len(res.Tests) == 0 {
		problems = append(problems, fmt.Sprintf("every hidden test passes on the shipped bug (%d tests)", len(res.Tests)))
	}
	return problems
}

// detail names what failed each failing stage behind a verdict: the
// compiler's output, the findings, the failing tests.
func detail(res *grade.Result) string {
	var parts []string
	for _, s := range res.Stages {
		if s.Status != grade.StageFailed {
			continue
		}
		switch s.Name {
		case grade.StageBuild:
			if res.BuildOutput != "" {
				parts = append(parts, res.BuildOutput)
			}
		case grade.StageAnalyzers:
			for _, f := range res.Findings {
				parts = append(parts, fmt.Sprintf("%s: %s (%s)", f.Posn, f.Message, f.Analyzer))
			}
		case grade.StageTests:
			for _, t := range res.Tests {
				if t.Status != "pass" {
					parts = append(parts, fmt.Sprintf("%s %s: %s", t.Status, t.Name, trimOutput(t.Output, verifyFailureLines)))
				}
			}
		}
	}
	if len(parts) == 0 {
		return ""
	}
	return "\n      " + strings.Join(parts, "\n      ")
}

// verifyFailureLines is how much of a failing test's output verify shows:
// a proof failure is for the pack's author, who reruns drill check for more.
const verifyFailureLines = 8
