package grade

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"
)

// Each way a check ends, as Run leaves the result before settle, and the
// stages drill check prints and drill verify reads from it.
func TestStages(t *testing.T) {
	pass := func(name string) Test { return Test{Name: name, Status: "pass"} }
	fail := func(name string) Test { return Test{Name: name, Status: "fail"} }
	finding := Finding{Analyzer: "lockleak", Posn: "tally.go:19:2", Message: "mu is not unlocked"}
	notCompiled := []StageResult{
		{StageAnalyzers, StageSkipped, skipNotCompiled, 0},
		{StageTests, StageSkipped, skipNotCompiled, 0},
	}
	tests := []struct {
		name       string
		res        Result
		wantSolved bool
		want       []StageResult
	}{
		{
			name: "build failure",
			res:  Result{Stage: StageBuild, Problem: "the code does not compile", BuildOutput: "x.go:1: undefined: nope"},
			want: append([]StageResult{{StageBuild, StageFailed, "the code does not compile", 0}}, notCompiled...),
		},
		{
			name: "a file refused before the build",
			res:  Result{Stage: StageBuild, Problem: "x.s is not a Go file"},
			want: append([]StageResult{{StageBuild, StageFailed, "x.s is not a Go file", 0}}, notCompiled...),
		},
		{
			name: "analyzer findings and a failing test",
			res:  Result{Stage: StageAnalyzers, Problem: "1 finding(s) from lockleak", Findings: []Finding{finding}, Tests: []Test{pass("TestA"), fail("TestB")}},
			want: []StageResult{
				{StageBuild, StagePassed, "", 0},
				{StageAnalyzers, StageFailed, "1 finding(s)", 0},
				{StageTests, StageFailed, "1 of 2 tests failed", 0},
			},
		},
		{
			name: "analyzer findings while every test passes",
			res:  Result{Stage: StageAnalyzers, Problem: "1 finding(s) from lockleak", Findings: []Finding{finding}, Tests: []Test{pass("TestA"), pass("TestB")}},
			want: []StageResult{
				{StageBuild, StagePassed, "", 0},
				{StageAnalyzers, StageFailed, "1 finding(s)", 0},
				{StageTests, StagePassed, "2 hidden tests under -race", 0},
			},
		},
		{
			name: "the grading policy refuses the code: no test runs",
			res: Result{Stage: StageAnalyzers, Problem: "1 finding(s) from policy: drill does not run code its grading policy refuses",
				Findings: []Finding{{Analyzer: "policy", Posn: "x.go:3:2", Message: "os/exec is refused"}},
				Tests:    []Test{{Name: "TestA", Status: StatusNotRun}, {Name: "TestB", Status: StatusNotRun}}},
			want: []StageResult{
				{StageBuild, StagePassed, "", 0},
				{StageAnalyzers, StageFailed, "1 finding(s)", 0},
				{StageTests, StageSkipped, skipRefused, 0},
			},
		},
		{
			name: "the analyzers could not run after the tests passed",
			res:  Result{Stage: StageAnalyzers, Problem: "drill's analyzers could not run: vet: exit 2", Tests: []Test{pass("TestA")}},
			want: []StageResult{
				{StageBuild, StagePassed, "", 0},
				{StageAnalyzers, StageFailed, "drill's analyzers could not run: vet: exit 2", 0},
				{StageTests, StagePassed, "1 hidden tests under -race", 0},
			},
		},
		{
			name: "no graded test at all is no pass",
			res:  Result{Stage: StageAnalyzers, Problem: "1 finding(s) from lockleak", Findings: []Finding{finding}},
			want: []StageResult{
				{StageBuild, StagePassed, "", 0},
				{StageAnalyzers, StageFailed, "1 finding(s)", 0},
				{StageTests, StageFailed, "0 of 0 tests failed", 0},
			},
		},
		{
			name: "tests failing",
			res:  Result{Stage: StageTests, Problem: "1 of 2 tests failed", Tests: []Test{pass("TestA"), fail("TestB")}},
			want: []StageResult{
				{StageBuild, StagePassed, "", 0},
				{StageAnalyzers, StagePassed, "", 0},
				{StageTests, StageFailed, "1 of 2 tests failed", 0},
			},
		},
		{
			name: "a test not run beside a failing one is a failure, not a skip",
			res:  Result{Stage: StageTests, Problem: "1 of 2 tests failed", Tests: []Test{{Name: "TestA", Status: StatusNotRun}, fail("TestB")}},
			want: []StageResult{
				{StageBuild, StagePassed, "", 0},
				{StageAnalyzers, StagePassed, "", 0},
				{StageTests, StageFailed, "1 of 2 tests failed", 0},
			},
		},
		{
			name: "missing tests",
			res:  Result{Stage: StageTests, Problem: "1 of 2 expected tests never ran", Tests: []Test{pass("TestA"), {Name: "TestB", Status: StatusMissing}}},
			want: []StageResult{
				{StageBuild, StagePassed, "", 0},
				{StageAnalyzers, StagePassed, "", 0},
				{StageTests, StageFailed, "1 of 2 expected tests never ran", 0},
			},
		},
		{
			name: "every test passed but the run did not end cleanly",
			res:  Result{Stage: StageTests, Problem: "a data race was found after the tests finished", Tests: []Test{pass("TestA")}},
			want: []StageResult{
				{StageBuild, StagePassed, "", 0},
				{StageAnalyzers, StagePassed, "", 0},
				{StageTests, StageFailed, "a data race was found after the tests finished", 0},
			},
		},
		{
			name:       "solved",
			res:        Result{Tests: []Test{pass("TestA"), pass("TestB")}},
			wantSolved: true,
			want: []StageResult{
				{StageBuild, StagePassed, "", 0},
				{StageAnalyzers, StagePassed, "", 0},
				{StageTests, StagePassed, "2 hidden tests under -race", 0},
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := tt.res
			res.settle()
			if res.Solved != tt.wantSolved {
				t.Errorf("solved = %v, want %v", res.Solved, tt.wantSolved)
			}
			if !reflect.DeepEqual(res.Stages, tt.want) {
				t.Errorf("stages =\n%+v\nwant\n%+v", res.Stages, tt.want)
			}
		})
	}
}

// A failure found after grading (learner code rewrote drill's progress
// files) overturns a pass, stage by stage, and leaves findings failing
// their own stage.
func TestFailAfterGrading(t *testing.T) {
	res := &Result{Tests: []Test{{Name: "TestA", Status: "pass"}}}
	res.settle()
	if !res.Solved || res.StageStatus(StageTests) != StagePassed {
		t.Fatalf("before: solved %v, tests %q; want a pass", res.Solved, res.StageStatus(StageTests))
	}
	res.Fail(StageTests, "the code under test changed drill's progress files")
	if res.Solved || res.Stage != StageTests {
		t.Errorf("after Fail: solved %v, stage %q; want not solved at tests", res.Solved, res.Stage)
	}
	want := StageResult{StageTests, StageFailed, "the code under test changed drill's progress files", 0}
	if res.Stages[2] != want || res.StageStatus(StageAnalyzers) != StagePassed {
		t.Errorf("after Fail: stages %+v; want analyzers passed and %+v", res.Stages, want)
	}

	withFinding := &Result{Stage: StageAnalyzers, Findings: []Finding{{Analyzer: "lockleak"}}, Tests: []Test{{Name: "TestA", Status: "pass"}}}
	withFinding.Fail(StageTests, "changed")
	if withFinding.StageStatus(StageAnalyzers) != StageFailed || withFinding.StageStatus(StageTests) != StageFailed {
		t.Errorf("Fail over a finding: stages %+v; want analyzers and tests failed", withFinding.Stages)
	}
}

// drill check --json carries the stages beside the fields it always had.
func TestStagesInJSON(t *testing.T) {
	res := &Result{ID: "totals", Stage: StageTests, Problem: "1 of 1 tests failed", Tests: []Test{{Name: "TestA", Status: "fail"}}}
	res.settle()
	out, err := json.Marshal(res)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		`"id":"totals","solved":false,"stage":"tests","problem":"1 of 1 tests failed"`,
		`"stages":[{"name":"build","status":"pass"},{"name":"analyzers","status":"pass"},{"name":"tests","status":"fail","detail":"1 of 1 tests failed"}]`,
		`"tests":[{"name":"TestA","status":"fail","output":""}]`,
	} {
		if !strings.Contains(string(out), want) {
			t.Errorf("JSON %s\nwant it to contain %s", out, want)
		}
	}
}

func TestStageStatusOfUnknownStage(t *testing.T) {
	res := &Result{}
	res.settle()
	if got := res.StageStatus("lint"); got != "" {
		t.Errorf(`StageStatus("lint") = %q, want ""`, got)
	}
	if got := res.StageStatus(StageBuild); got != StagePassed {
		t.Errorf("StageStatus(build) = %q, want %q", got, StagePassed)
	}
}

// Run settles every result it returns, including one it refuses before
// the go command builds anything.
func TestRunSettlesARefusedFolder(t *testing.T) {
	root := t.TempDir()
	if err := os.MkdirAll(filepath.Join(root, "ex"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(root, "ex", "fast.s"), []byte("TEXT ·f(SB),0,$0\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	res, err := Run(context.Background(), Request{Root: root, Package: "ex"})
	if err != nil {
		t.Fatal(err)
	}
	if res.Solved || res.StageStatus(StageBuild) != StageFailed || res.StageStatus(StageTests) != StageSkipped {
		t.Fatalf("solved %v, stages %+v; want build failed and tests skipped", res.Solved, res.Stages)
	}
	if !strings.Contains(res.Stages[0].Detail, "ex/fast.s is not a Go file") {
		t.Errorf("build detail = %q, want it to name ex/fast.s", res.Stages[0].Detail)
	}
}

// Each stage that ran carries how long it took; a skipped one none.
func TestStageSeconds(t *testing.T) {
	took := map[string]time.Duration{StageBuild: 1500 * time.Millisecond, StageAnalyzers: 2 * time.Second, StageTests: 250 * time.Millisecond}
	ran := &Result{took: took, Tests: []Test{{Name: "TestA", Status: "pass"}}}
	ran.settle()
	for i, want := range []float64{1.5, 2, 0.25} {
		if got := ran.Stages[i].Seconds; got != want {
			t.Errorf("%s: seconds = %v, want %v", ran.Stages[i].Name, got, want)
		}
	}
	broken := &Result{took: took, Stage: StageBuild, Problem: "the code does not compile"}
	broken.settle()
	if broken.Stages[0].Seconds != 1.5 || broken.Stages[1].Seconds != 0 || broken.Stages[2].Seconds != 0 {
		t.Errorf("build failure: stages = %+v, want seconds for the build only", broken.Stages)
	}
}
