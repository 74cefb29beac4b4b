package grade

import (
	"fmt"
	"slices"
	"strings"
	"time"
)

// StatusNotRun is a test a check did not run because the grading policy
// refused the code first.
const StatusNotRun = "not run"

// raceExitCode is the status the race detector gives a process that found
// a race and would otherwise have exited 0.
const raceExitCode = 66

// StatusUnverified is a test the printed output shows passing whose result
// never came over the verdict channel.
const StatusUnverified = "unverified"

// judge fills in the verdict, first failure first. Only the verdict
// channel (rep) can make a test pass; what the binary printed (run) is
// shown to the learner and can only make a test fail: a pass printed by the
// code under test, or a run narrowed to some tests, counts for nothing.
func judge(res *Result, run *testRun, rep *reports, exit int, expected []string, timeout time.Duration) {
	var all strings.Builder
	all.WriteString(run.pkgOutput.String())
	for _, t := range run.tests {
		all.WriteString(t.Output)
	}
	timedOut := strings.Contains(all.String(), "panic: test timed out after")
	crash := crashReason(all.String())
	for _, name := range expected {
		res.Tests = append(res.Tests, verdictOf(name, run, rep, timedOut, crash))
	}
	// A goroutine of the last test can panic just after that test reported
	// passing (its deferred wg.Done let the test return): the crash is still
	// that test's, so say so rather than list no failing test at all.
	if crash != "" && !slices.ContainsFunc(res.Tests, func(t Test) bool { return t.Status == StatusCrashed }) {
		for i := len(res.Tests) - 1; i >= 0; i-- {
			if run.tests[res.Tests[i].Name] != nil {
				last := &res.Tests[i]
				last.Status, last.Output = StatusCrashed, trimPanic(last.Output+run.pkgOutput.String())
				break
			}
		}
	}
	if rep.forged > 0 {
		// Said even when a finding decides the verdict first.
		res.Warnings = append(res.Warnings, fmt.Sprintf("%d line(s) on drill's verdict channel were not written by drill's harness", rep.forged))
	}
	if len(res.Findings) > 0 {
		res.Stage = StageAnalyzers
		res.Problem = fmt.Sprintf("%d finding(s) from %s", len(res.Findings), res.Findings[0].Analyzer)
		return
	}
	counts := map[string]int{}
	for _, t := range res.Tests {
		counts[t.Status]++
	}
	failed := len(res.Tests) - counts["pass"] - counts["skip"]
	stage := func(format string, args ...any) { res.Stage, res.Problem = StageTests, fmt.Sprintf(format, args...) }
	switch {
	case timedOut:
		stage("the tests hit the %s time budget: an infinite loop, a deadlock, or a wait for a connection that never comes back", timeout)
	case crash != "":
		stage("the test binary crashed: %s", crash)
	case len(run.order) == 0 && len(rep.tests) == 0:
		stage("no test ran: the test binary exited before running any (does your code call os.Exit or log.Fatal?)")
	case rep.forged > 0:
		stage("%d line(s) on drill's verdict channel were not written by drill's harness: graded code must not touch the test binary's descriptors", rep.forged)
	case exit == raceExitCode && strings.Contains(all.String(), "WARNING: DATA RACE"):
		stage("a data race was found after the tests finished (in a goroutine they left running)")
	case rep.exit >= 0 && rep.exit != exit:
		stage("the test binary exited with status %d, not the %d its tests reported: code under test ended the run itself", exit, rep.exit)
	case counts[StatusUnverified] > 0:
		stage("%d of %d tests passed only in the printed output: their result never reached drill's harness (did the code exit the test binary early, or rewrite what it prints?)", counts[StatusUnverified], len(res.Tests))
	case counts[StatusMissing] > 0 && counts[StatusMissing] == failed:
		stage("%d of %d expected tests never ran (did the code exit the test binary, or narrow the run?)", counts[StatusMissing], len(res.Tests))
	case failed > 0:
		stage("%d of %d tests failed", failed, len(res.Tests))
	case counts["skip"] > 0:
		stage("%d test(s) were skipped; every hidden test must run and pass", counts["skip"])
	case rep.exit != 0:
		stage("the test binary did not finish cleanly after its tests passed (exit %d): %s", rep.exit, firstLine(run.pkgOutput.String()))
	}
}

// verdictOf combines what the channel reported for one expected test with
// what its printed output shows.
func verdictOf(name string, run *testRun, rep *reports, timedOut bool, crash string) Test {
	shown := Test{Name: name, Status: StatusMissing, Output: "this test never ran"}
	if t := run.tests[name]; t != nil {
		shown = *t
		// Subtests report separately; their output and failures belong to
		// the top-level test drill grades.
		for _, sub := range run.order {
			if st := run.tests[sub]; strings.HasPrefix(sub, name+"/") && st.Status != "pass" {
				shown.Output += st.Output
			}
		}
	}
	if shown.Status == StatusRunning && rep.tests[name] != "" && crash == "" && !timedOut {
		// It finished, as the channel says; its end was lost from the
		// printed output (cut, or never flushed).
		shown.Status = StatusMissing
	}
	if shown.Status == StatusRunning || (timedOut && strings.Contains(shown.Output, "panic: test timed out after")) {
		shown.Status = StatusCrashed
		if timedOut {
			shown.Status = StatusTimeout
		}
		shown.Output = trimPanic(shown.Output + run.pkgOutput.String())
	}
	switch reported := rep.tests[name]; {
	case reported == "pass" && (shown.Status == "pass" || shown.Status == StatusMissing):
		// The printed output may have been cut or never framed: the
		// channel's pass stands.
		shown.Status = "pass"
	case reported == "pass":
		// The printed output shows a failure the channel's report came
		// too early to see (a data race is judged after the cleanups).
	case reported == "fail" || reported == "skip":
		if shown.Status == StatusMissing {
			shown.Output = "drill's harness reported it as " + reported + "ed; its printed output never reached drill"
		}
		if shown.Status == "pass" || shown.Status == StatusMissing {
			shown.Status = reported
		}
	case shown.Status == "pass":
		shown.Status = StatusUnverified
		shown.Output = "printed as passing, but drill's harness never reported it\n" + shown.Output
	case shown.Status == StatusMissing && timedOut:
		shown.Status, shown.Output = StatusTimeout, "never ran: the test binary hit the time budget first"
	case shown.Status == StatusMissing && crash != "":
		shown.Status, shown.Output = StatusCrashed, trimPanic(run.pkgOutput.String())
	}
	return shown
}
