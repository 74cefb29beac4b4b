package cli

import (
	"bytes"
	"strings"
	"testing"

	"github.com/drillhq/drill/internal/exercise"
	"github.com/drillhq/drill/internal/grade"
	"github.com/drillhq/drill/internal/term"
)

// drill check prints the stages grade decided, each failing one in detail,
// exactly as it did when it worked the stages out itself (the CLI scripts
// match parts of these lines).
func TestPrintVerdict(t *testing.T) {
	totals := &exercise.Exercise{ID: "totals"}
	tally := &exercise.Exercise{ID: "tally", Analyzers: []string{"lockleak"}}
	stage := func(name, status, detail string) grade.StageResult {
		return grade.StageResult{Name: name, Status: status, Detail: detail}
	}
	built := stage(grade.StageBuild, grade.StagePassed, "")
	tests := []struct {
		name string
		ex   *exercise.Exercise
		res  *grade.Result
		want string
	}{
		{
			name: "build failure",
			ex:   totals,
			res: &grade.Result{ID: "totals", Stage: grade.StageBuild, Problem: "the code does not compile", BuildOutput: "# drill/totals\n/w/totals/totals.go:5:9: undefined: nope",
				Stages: []grade.StageResult{
					stage(grade.StageBuild, grade.StageFailed, "the code does not compile"),
					stage(grade.StageAnalyzers, grade.StageSkipped, "not run: the code must compile first"),
					stage(grade.StageTests, grade.StageSkipped, "not run: the code must compile first"),
				}},
			want: "FAIL  build      the code does not compile\n\n    # drill/totals\n    totals/totals.go:5:9: undefined: nope\n\n" +
				"----  analyzers  not run: the code must compile first\n----  tests      not run: the code must compile first\n\n" +
				"Not solved yet: the code does not compile. Stuck? drill hint\n",
		},
		{
			name: "policy refusal",
			ex:   totals,
			res: &grade.Result{ID: "totals", Stage: grade.StageAnalyzers, Problem: "1 finding(s) from policy: drill does not run code its grading policy refuses",
				Findings: []grade.Finding{{Analyzer: "policy", Posn: "/w/totals/totals.go:3:2", Message: "os/exec is not allowed in this exercise"}},
				Tests:    []grade.Test{{Name: "TestTotal", Status: grade.StatusNotRun, Output: "not run: the grading policy refused the code"}},
				Stages: []grade.StageResult{
					built,
					stage(grade.StageAnalyzers, grade.StageFailed, "1 finding(s)"),
					stage(grade.StageTests, grade.StageSkipped, "not run: drill does not run code its grading policy refuses"),
				}},
			want: "PASS  build      \nFAIL  analyzers  1 finding(s)\n    totals/totals.go:3:2: os/exec is not allowed in this exercise (policy)\n" +
				"----  tests      not run: drill does not run code its grading policy refuses\n\n" +
				"Not solved yet: 1 finding(s) from policy: drill does not run code its grading policy refuses. Stuck? drill hint\n",
		},
		{
			name: "findings and failing tests, with notes",
			ex:   tally,
			res: &grade.Result{ID: "tally", Stage: grade.StageAnalyzers, Problem: "1 finding(s) from lockleak",
				Findings: []grade.Finding{{Analyzer: "lockleak", Posn: "/w/tally/tally.go:19:2", Message: "mu is locked here and not unlocked on every path"}},
				Notes:    []grade.Finding{{Analyzer: "bodyleak", Posn: "/w/tally/http.go:7:3", Message: "the response body is not closed"}},
				Warnings: []string{"the test output was cut after 16 MiB"},
				Tests: []grade.Test{{Name: "TestAdd", Status: "pass"},
					{Name: "TestConcurrent", Status: grade.StatusTimeout, Where: "/w/tally/tally.go:21", Output: "=== RUN   TestConcurrent\n    tally_test.go:12: stuck\n--- FAIL: TestConcurrent\n"},
					{Name: "TestReset", Status: "fail", Output: "    tally_test.go:30: got 1, want 0\n"}},
				Stages: []grade.StageResult{
					built,
					stage(grade.StageAnalyzers, grade.StageFailed, "1 finding(s)"),
					stage(grade.StageTests, grade.StageFailed, "2 of 3 tests failed"),
				}},
			want: "PASS  build      \nFAIL  analyzers  1 finding(s)\n    tally/tally.go:19:2: mu is locked here and not unlocked on every path (lockleak)\n" +
				"FAIL  tests      2 of 3 tests failed\n    TIMEOUT TestConcurrent\n        at tally/tally.go:21\n        tally_test.go:12: stuck\n" +
				"    FAIL TestReset\n        tally_test.go:30: got 1, want 0\n" +
				"note the test output was cut after 16 MiB\nnote tally/http.go:7:3: the response body is not closed (bodyleak, not graded)\n\n" +
				"Not solved yet: 1 finding(s) from lockleak. Stuck? drill hint\n",
		},
		{
			name: "solved",
			ex:   tally,
			res: &grade.Result{ID: "tally", Solved: true, Tests: []grade.Test{{Name: "TestAdd", Status: "pass"}, {Name: "TestReset", Status: "pass"}},
				Stages: []grade.StageResult{
					built,
					stage(grade.StageAnalyzers, grade.StagePassed, ""),
					stage(grade.StageTests, grade.StagePassed, "2 hidden tests under -race"),
				}},
			want: "PASS  build      \nPASS  analyzers  analyzers (lockleak)\nPASS  tests      2 hidden tests under -race\n\n" +
				"Solved! tally is solved. See the reference fix and why it matters: drill solution. Then: drill next\n",
		},
		{
			// The stages are grade's to decide: what they say is printed,
			// whatever the rest of the result would suggest.
			name: "stages as given",
			ex:   totals,
			res: &grade.Result{ID: "totals", Problem: "changed the progress files",
				Stages: []grade.StageResult{built, stage(grade.StageAnalyzers, grade.StagePassed, ""), stage(grade.StageTests, grade.StageFailed, "changed the progress files")}},
			want: "PASS  build      \nPASS  analyzers  analyzers (none named: this bug is graded by tests only)\nFAIL  tests      changed the progress files\n\n" +
				"Not solved yet: changed the progress files. Stuck? drill hint\n",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var out bytes.Buffer
			printVerdict(&inv{Env: Env{Dir: "/w"}, out: term.New(&out, func(string) string { return "" })}, tt.ex, tt.res)
			if out.String() != tt.want {
				t.Errorf("printVerdict =\n%s\nwant\n%s", out.String(), tt.want)
			}
		})
	}
}

// A race report runs to dozens of lines before the test's own message; the
// learner must see the message first and each racing access with its line.
func TestTrimOutputPutsTestMessagesFirstAndSummarisesRaces(t *testing.T) {
	out := `=== RUN   TestCounts
==================
WARNING: DATA RACE
Read at 0x00c0000e2018 by goroutine 26:
  shop.Send.func1()
      /w/shop/send.go:38 +0x251

Previous write at 0x00c0000e2018 by goroutine 27:
  shop.Send.func1()
      /w/shop/send.go:38 +0x266

Goroutine 26 (running) created at:
  shop.Send()
      /w/shop/send.go:24 +0xc4
==================
==================
WARNING: DATA RACE
Write at 0x00c0000e2020 by goroutine 30:
  shop.Send.func1()
      /w/shop/send.go:41 +0x10
==================
    send_hidden_test.go:40: sent 29 reminders, want 32: increments were lost
        (3 workers overwrote each other)
    testing.go:1712: race detected during execution of test
--- FAIL: TestCounts (1.50s)
`
	got := strings.Split(trimOutput(out, 30), "\n")
	want := []string{
		"send_hidden_test.go:40: sent 29 reminders, want 32: increments were lost",
		"  (3 workers overwrote each other)",
		"testing.go:1712: race detected during execution of test",
		"DATA RACE:",
		"  Read at 0x00c0000e2018 by goroutine 26: shop.Send.func1() at /w/shop/send.go:38",
		"  Previous write at 0x00c0000e2018 by goroutine 27: shop.Send.func1() at /w/shop/send.go:38",
		"(2 data races reported in all; drill check --json shows every report)",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Fatalf("trimOutput =\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func TestTrimOutputCapsLength(t *testing.T) {
	var b strings.Builder
	for range 50 {
		b.WriteString("noise line\n")
	}
	got := strings.Split(trimOutput(b.String(), 10), "\n")
	if len(got) != 11 || !strings.Contains(got[10], "40 more lines") {
		t.Fatalf("trimOutput kept %d lines, last %q; want 10 plus a note of 40 more", len(got), got[len(got)-1])
	}
}

// drill verify reads the same stages: the shipped bug must not pass the
// tests stage, and a refused proof names what failed each failing stage.
func TestVerifyReadsStages(t *testing.T) {
	stages := func(build, analyzers, tests string) []grade.StageResult {
		return []grade.StageResult{{Name: grade.StageBuild, Status: build}, {Name: grade.StageAnalyzers, Status: analyzers}, {Name: grade.StageTests, Status: tests}}
	}
	pass, fail, skip := grade.StagePassed, grade.StageFailed, grade.StageSkipped
	passing := []grade.Test{{Name: "TestA", Status: "pass"}}
	ex := &exercise.Exercise{ID: "tally"}
	buggy := []struct {
		name string
		res  *grade.Result
		want string
	}{
		{"the tests pass the bug", &grade.Result{Tests: passing, Stages: stages(pass, fail, pass)}, "every hidden test passes on the shipped bug (1 tests)"},
		{"the run fails after every test passed", &grade.Result{Tests: passing, Stages: stages(pass, pass, fail)}, ""},
		{"the policy refuses the bug", &grade.Result{Tests: []grade.Test{{Name: "TestA", Status: grade.StatusNotRun}}, Stages: stages(pass, fail, skip)}, ""},
		{"no graded test", &grade.Result{Stages: stages(pass, pass, fail)}, "every hidden test passes on the shipped bug (0 tests)"},
		{"the bug does not build", &grade.Result{BuildOutput: "x.go:1: nope", Stages: stages(fail, skip, skip)}, "the shipped code does not build: x.go:1: nope"},
	}
	for _, tt := range buggy {
		if got := strings.Join(buggyProblems(ex, tt.res), "; "); got != tt.want {
			t.Errorf("%s: buggyProblems = %q, want %q", tt.name, got, tt.want)
		}
	}

	finding := grade.Finding{Analyzer: "policy", Posn: "x.go:3:2", Message: "os/exec is refused"}
	details := []struct {
		name string
		res  *grade.Result
		want string
	}{
		{"a build failure shows the compiler, not the findings of a build that failed",
			&grade.Result{BuildOutput: "x.go:1: nope", Findings: []grade.Finding{finding}, Stages: stages(fail, skip, skip)}, "\n      x.go:1: nope"},
		{"a refusal shows the findings, not the tests it did not run",
			&grade.Result{Findings: []grade.Finding{finding}, Tests: []grade.Test{{Name: "TestA", Status: grade.StatusNotRun, Output: "not run"}}, Stages: stages(pass, fail, skip)},
			"\n      x.go:3:2: os/exec is refused (policy)"},
		{"failing tests",
			&grade.Result{Tests: []grade.Test{{Name: "TestA", Status: "pass"}, {Name: "TestB", Status: "fail", Output: "    b_test.go:3: wrong\n"}}, Stages: stages(pass, pass, fail)},
			"\n      fail TestB: b_test.go:3: wrong"},
		{"nothing failed", &grade.Result{Tests: passing, Stages: stages(pass, pass, pass)}, ""},
	}
	for _, tt := range details {
		if got := detail(tt.res); got != tt.want {
			t.Errorf("%s: detail = %q, want %q", tt.name, got, tt.want)
		}
	}
}
