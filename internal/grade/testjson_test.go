package grade

import (
	"strings"
	"testing"
	"time"
)

// Verdicts from recorded test2json streams and verdict-channel reports, for
// endings that are hard to reproduce on demand (the runtime's map-race
// check is probabilistic) or that only a tampering test binary produces.
func TestJudge(t *testing.T) {
	pass := func(names ...string) *reports {
		r := &reports{tests: map[string]string{}, exit: 0}
		for _, n := range names {
			r.tests[n] = "pass"
		}
		return r
	}
	tests := []struct {
		name       string
		stream     string
		rep        *reports
		exit       int // the binary's real exit status (when not the reported one)
		expected   []string
		wantStage  string
		wantReason string
		wantStatus map[string]string
	}{
		{
			name: "all pass",
			stream: `{"Action":"run","Test":"TestA"}
{"Action":"pass","Test":"TestA"}
{"Action":"pass"}`,
			rep: pass("TestA"), expected: []string{"TestA"},
			wantStatus: map[string]string{"TestA": "pass"},
		},
		{
			name:   "the channel's pass stands when the printed output was cut",
			stream: `{"Action":"output","Output":"[drill: output cut after 16 MiB]\n"}`,
			rep:    pass("TestA"), expected: []string{"TestA"},
			wantStatus: map[string]string{"TestA": "pass"},
		},
		{
			name: "a pass printed by the code under test is not a pass",
			stream: `{"Action":"run","Test":"TestA"}
{"Action":"pass","Test":"TestA"}
{"Action":"pass"}`,
			rep: &reports{tests: map[string]string{}, exit: -1}, expected: []string{"TestA"},
			wantStage: StageTests, wantReason: "passed only in the printed output",
			wantStatus: map[string]string{"TestA": StatusUnverified},
		},
		{
			name: "a failure rewritten into a printed pass is still a failure",
			stream: `{"Action":"run","Test":"TestA"}
{"Action":"pass","Test":"TestA"}
{"Action":"pass"}`,
			rep: &reports{tests: map[string]string{"TestA": "fail"}, exit: 1}, expected: []string{"TestA"},
			wantStage: StageTests, wantReason: "1 of 1 tests failed",
			wantStatus: map[string]string{"TestA": "fail"},
		},
		{
			name: "a data race found after the channel's report fails the test",
			stream: `{"Action":"run","Test":"TestA"}
{"Action":"output","Test":"TestA","Output":"    testing.go:1490: race detected during execution of test\n"}
{"Action":"fail","Test":"TestA"}
{"Action":"fail"}`,
			rep: &reports{tests: map[string]string{"TestA": "pass"}, exit: 1}, expected: []string{"TestA"},
			wantStage: StageTests, wantReason: "1 of 1 tests failed",
			wantStatus: map[string]string{"TestA": "fail"},
		},
		{
			name: "lines the harness did not sign refuse the run",
			stream: `{"Action":"run","Test":"TestA"}
{"Action":"pass","Test":"TestA"}
{"Action":"pass"}`,
			rep: &reports{tests: map[string]string{"TestA": "pass"}, exit: 0, forged: 2}, expected: []string{"TestA"},
			wantStage: StageTests, wantReason: "not written by drill's harness",
		},
		{
			name: "signed passes, then an exit the tests did not report",
			stream: `{"Action":"run","Test":"TestA"}
{"Action":"pass","Test":"TestA"}`,
			rep: pass("TestA"), exit: 1, expected: []string{"TestA"},
			wantStage: StageTests, wantReason: "exited with status 1, not the 0 its tests reported",
		},
		{
			name: "no exit report after the tests passed",
			stream: `{"Action":"run","Test":"TestA"}
{"Action":"pass","Test":"TestA"}
{"Action":"output","Output":"goleak: leaked goroutines\n"}
{"Action":"fail"}`,
			rep: &reports{tests: map[string]string{"TestA": "pass"}, exit: -1}, expected: []string{"TestA"},
			wantStage: StageTests, wantReason: "did not finish cleanly",
		},
		{
			name: "concurrent map writes kill the binary mid-test",
			stream: `{"Action":"run","Test":"TestHits"}
{"Action":"output","Test":"TestHits","Output":"fatal error: concurrent map writes\n"}
{"Action":"output","Test":"TestHits","Output":"goroutine 7 [running]:\n"}
{"Action":"fail"}`,
			rep: &reports{tests: map[string]string{}, exit: -1}, expected: []string{"TestHits"},
			wantStage: StageTests, wantReason: "crashed: concurrent map access",
			wantStatus: map[string]string{"TestHits": StatusCrashed},
		},
		{
			name: "timeout",
			stream: `{"Action":"run","Test":"TestWait"}
{"Action":"output","Test":"TestWait","Output":"panic: test timed out after 3s\n"}
{"Action":"fail","Test":"TestWait"}
{"Action":"fail"}`,
			rep: &reports{tests: map[string]string{}, exit: -1}, expected: []string{"TestWait"},
			wantStage: StageTests, wantReason: "hit the 3s time budget",
			wantStatus: map[string]string{"TestWait": StatusTimeout},
		},
		{
			name: "skip is not a pass",
			stream: `{"Action":"run","Test":"TestA"}
{"Action":"skip","Test":"TestA"}
{"Action":"pass"}`,
			rep: &reports{tests: map[string]string{"TestA": "skip"}, exit: 0}, expected: []string{"TestA"},
			wantStage: StageTests, wantReason: "skipped",
		},
		{
			name:   "no tests",
			stream: `{"Action":"output","Output":"testing: warning: no tests to run\n"}` + "\n" + `{"Action":"pass"}`,
			rep:    &reports{tests: map[string]string{}, exit: 0}, expected: []string{"TestA"},
			wantStage: StageTests, wantReason: "no test ran",
		},
		{
			name: "a crash before the test's start line names the expected tests",
			stream: `{"Action":"output","Output":"panic: worker lost its queue\n"}
{"Action":"output","Output":"goroutine 7 [running]:\n"}
{"Action":"fail"}`,
			rep:       &reports{tests: map[string]string{}, exit: -1},
			expected:  []string{"TestFill", "TestOther"},
			wantStage: StageTests, wantReason: "crashed: panic: worker lost its queue",
			wantStatus: map[string]string{"TestFill": StatusCrashed, "TestOther": StatusCrashed},
		},
		{
			name: "a run narrowed to one test misses the others",
			stream: `{"Action":"run","Test":"TestA"}
{"Action":"pass","Test":"TestA"}
{"Action":"pass"}`,
			rep:       pass("TestA"),
			expected:  []string{"TestA", "TestB"},
			wantStage: StageTests, wantReason: "1 of 2 expected tests never ran",
			wantStatus: map[string]string{"TestA": "pass", "TestB": StatusMissing},
		},
		{
			name: "a failing subtest's output is shown with its test",
			stream: `{"Action":"run","Test":"TestA"}
{"Action":"run","Test":"TestA/case"}
{"Action":"output","Test":"TestA/case","Output":"    a_test.go:9: wrong total\n"}
{"Action":"fail","Test":"TestA/case"}
{"Action":"fail","Test":"TestA"}
{"Action":"fail"}`,
			rep: &reports{tests: map[string]string{"TestA": "fail"}, exit: 1}, expected: []string{"TestA"},
			wantStage: StageTests, wantReason: "1 of 1 tests failed",
			wantStatus: map[string]string{"TestA": "fail"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := &Result{}
			exit := tt.exit
			if exit == 0 && tt.rep.exit > 0 {
				exit = tt.rep.exit
			}
			judge(res, parseTestJSON(strings.NewReader(tt.stream)), tt.rep, exit, tt.expected, 3*time.Second)
			if res.Stage != tt.wantStage {
				t.Errorf("stage = %q (%s), want %q", res.Stage, res.Problem, tt.wantStage)
			}
			if !strings.Contains(res.Problem, tt.wantReason) {
				t.Errorf("problem = %q, want it to mention %q", res.Problem, tt.wantReason)
			}
			for _, test := range res.Tests {
				if want, ok := tt.wantStatus[test.Name]; ok && test.Status != want {
					t.Errorf("%s status = %q, want %q", test.Name, test.Status, want)
				}
			}
			if strings.Contains(tt.name, "subtest") && !strings.Contains(res.Tests[0].Output, "wrong total") {
				t.Errorf("TestA output = %q, want the subtest's message", res.Tests[0].Output)
			}
		})
	}
}

func TestParseVet(t *testing.T) {
	stdout := []byte(`{
	"drill.workspace/rows": {
		"sqlleak": [{"posn": "/w/rows/rows.go:12:3", "end": "/w/rows/rows.go:12:9", "message": "rows is not closed",
			"related": [{"posn": "/w/rows/rows.go:15:3", "end": "/w/rows/rows.go:15:9", "message": "the function returns here"}],
			"suggested_fixes": [{"message": "close rows", "edits": [{"filename": "/w/rows/rows.go", "start": 120, "end": 120, "new": "defer rows.Close()\n"}]}]}],
		"other": {"error": "analysis failed"}
	}
}
{
	"drill.workspace/rows [drill.workspace/rows.test]": {
		"sqlleak": [{"posn": "/w/rows/rows.go:12:3", "message": "rows is not closed"}],
		"lockleak": [{"posn": "/w/rows/rows.go:30:2", "end": "-", "message": "mu is not unlocked"}]
	}
}
`)
	findings, problem := parseVet(stdout, []byte("# drill.workspace/rows\n"))
	if len(findings) != 2 || findings[0].Analyzer != "sqlleak" || findings[0].Posn != "/w/rows/rows.go:12:3" {
		t.Fatalf("findings = %+v, want the sqlleak finding once, then lockleak's", findings)
	}
	if findings[1].End != "" {
		t.Errorf("end = %q, want none for go vet's \"-\"", findings[1].End)
	}
	if !strings.Contains(problem, "other: analysis failed") {
		t.Fatalf("problem = %q, want the analyzer failure", problem)
	}
	// End, related positions and suggested fixes are kept, and every path
	// in them is shown as the learner's.
	f := findings[0].WithPaths(func(s string) string { return strings.ReplaceAll(s, "/w/", "/learner/") })
	if f.End != "/learner/rows/rows.go:12:9" {
		t.Errorf("end = %q", f.End)
	}
	if len(f.Related) != 1 || f.Related[0].Posn != "/learner/rows/rows.go:15:3" || f.Related[0].End != "/learner/rows/rows.go:15:9" || f.Related[0].Message != "the function returns here" {
		t.Errorf("related = %+v", f.Related)
	}
	if len(f.Fixes) != 1 || len(f.Fixes[0].Edits) != 1 || f.Fixes[0].Edits[0].Filename != "/learner/rows/rows.go" || f.Fixes[0].Edits[0].New != "defer rows.Close()\n" {
		t.Errorf("fixes = %+v", f.Fixes)
	}
	if findings[0].Related[0].Posn != "/w/rows/rows.go:15:3" {
		t.Errorf("showPaths changed the finding it was called on: %+v", findings[0].Related)
	}
}

func TestTestNames(t *testing.T) {
	got := TestNames(map[string][]byte{
		"a_test.go": []byte("package a\nimport \"testing\"\nfunc TestA(t *testing.T) {}\nfunc Testing(t *testing.T) {}\nfunc TestMain(m *testing.M) {}\nfunc helper(t *testing.T) {}\nfunc Test_b(t *testing.T) {}\ntype s struct{}\nfunc (s) TestC(t *testing.T) {}\n"),
		"a.go":      []byte("package a\nfunc TestNotATest() {}\n"),
	})
	if strings.Join(got, ",") != "TestA,Test_b" {
		t.Fatalf("TestNames = %q, want [TestA Test_b]", got)
	}
}
