package cli

import (
	"fmt"
	"strings"

	"github.com/drillhq/drill/internal/grade"
)

// drill check --format=exercism: drill's verdict in the shape of the
// exercism test runner interface's results.json, version 3, so classroom
// tooling built for exercism reads drill verdicts. docs/json.md documents
// the mapping.

const exercismVersion = 3

// Statuses of the exercism interface, for the run and for each test.
const (
	exercismPass  = "pass"
	exercismFail  = "fail"
	exercismError = "error"
)

// Names of the entries drill adds to tests[] for what is not a Go test:
// exercism's overall status is "fail" only when some test failed, and
// drill also fails a fix for analyzer findings and for how the run ended.
const (
	exercismAnalyzersTest = "drill: analyzers"
	exercismVerdictTest   = "drill: verdict"
)

// ExercismResult is results.json.
type ExercismResult struct {
	Version int    `json:"version"`
	Status  string `json:"status"`
	// Message is set only for status error, as the interface asks.
	Message string         `json:"message,omitempty"`
	Tests   []ExercismTest `json:"tests,omitempty"`
}

// ExercismTest is one entry of tests[]. test_code is never set: drill's
// graded tests are hidden from the learner on purpose, and printing their
// bodies would hand over what the exercise asks them to find. output is
// not set either: the interface means it for what the learner's code
// printed, capped at 500 characters, and drill cannot tell that apart from
// the test's own messages, which go to message.
type ExercismTest struct {
	Name    string `json:"name"`
	Status  string `json:"status"`
	Message string `json:"message,omitempty"`
}

// exercismResult maps a verdict onto results.json.
func exercismResult(c *inv, res *grade.Result) ExercismResult {
	out := ExercismResult{Version: exercismVersion}
	findings := exercismFindings(c, res.Findings)
	switch {
	case res.StageStatus(grade.StageBuild) == grade.StageFailed:
		// Nothing ran: exercism's "error", with the compiler's words.
		out.Status = exercismError
		out.Message = strings.TrimSpace(relPaths(c, res.Problem) + "\n\n" + relPaths(c, res.BuildOutput))
		return out
	case res.StageStatus(grade.StageTests) == grade.StageSkipped:
		// The grading policy refused the code: no test ran either.
		out.Status = exercismError
		out.Message = strings.TrimSpace(relPaths(c, res.Problem) + "\n" + findings)
		return out
	}
	analyzers := ExercismTest{Name: exercismAnalyzersTest, Status: exercismPass}
	if res.StageStatus(grade.StageAnalyzers) == grade.StageFailed {
		analyzers.Status = exercismFail
		analyzers.Message = findings
		if analyzers.Message == "" {
			// The analyzers could not run: no finding, no pass either.
			analyzers.Status, analyzers.Message = exercismError, relPaths(c, res.Problem)
		}
	}
	out.Tests = append(out.Tests, analyzers)
	failed := analyzers.Status != exercismPass
	for _, t := range res.Tests {
		et := ExercismTest{Name: t.Name, Status: exercismTestStatus(t.Status)}
		if et.Status != exercismPass {
			failed = true
			et.Message = exercismTestMessage(c, t)
		}
		out.Tests = append(out.Tests, et)
	}
	if !res.Solved && !failed {
		// Every test passed, yet the fix is not solved (a race after the
		// tests, an exit code that contradicts them, progress files
		// rewritten): one entry says why, so "fail" has a failing test.
		out.Tests = append(out.Tests, ExercismTest{Name: exercismVerdictTest, Status: exercismFail, Message: relPaths(c, res.Problem)})
		failed = true
	}
	out.Status = exercismPass
	if failed {
		out.Status = exercismFail
	}
	return out
}

// exercismTestStatus maps a graded test's status: a test that failed its
// assertions (or was skipped, which drill does not accept) fails; one that
// crashed, hit the time budget, never ran, or whose pass never reached
// drill's harness is an error.
func exercismTestStatus(status string) string {
	switch status {
	case "pass":
		return exercismPass
	case "fail", "skip":
		return exercismFail
	}
	return exercismError
}

// exercismTestMessage is a failing test's reason as drill check shows it:
// the test's own messages first, a race report cut to its two accesses.
func exercismTestMessage(c *inv, t grade.Test) string {
	var b strings.Builder
	if t.Status != "fail" {
		fmt.Fprintf(&b, "%s", t.Status)
		if t.Where != "" {
			fmt.Fprintf(&b, " at %s", c.rel(t.Where))
		}
		b.WriteString("\n")
	}
	b.WriteString(trimOutput(relPaths(c, t.Output), firstFailureLines))
	return strings.TrimSpace(b.String())
}

func exercismFindings(c *inv, fs []grade.Finding) string {
	lines := make([]string, 0, len(fs))
	for _, f := range fs {
		lines = append(lines, fmt.Sprintf("%s: %s (%s)", c.rel(f.Posn), f.Message, f.Analyzer))
	}
	return strings.Join(lines, "\n")
}
