package grade

import (
	"strings"
	"testing"
	"time"
)

// Verdicts from recorded `go test -json` streams, for endings that are hard
// to reproduce on demand (the runtime's map-race check is probabilistic).
func TestJudge(t *testing.T) {
	tests := []struct {
		name       string
		stream     string
		wantStage  string
		wantReason string
		wantStatus map[string]string
		expected   []string
	}{
		{
			name: "all pass",
			stream: `{"Action":"run","Test":"TestA"}
{"Action":"pass","Test":"TestA"}
{"Action":"pass"}`,
			wantStatus: map[string]string{"TestA": "pass"},
		},
		{
			name: "concurrent map writes kill the binary mid-test",
			stream: `{"Action":"run","Test":"TestHits"}
{"Action":"output","Test":"TestHits","Output":"fatal error: concurrent map writes\n"}
{"Action":"output","Test":"TestHits","Output":"goroutine 7 [running]:\n"}
{"Action":"fail"}`,
			wantStage: StageTests, wantReason: "crashed: concurrent map access",
			wantStatus: map[string]string{"TestHits": StatusCrashed},
		},
		{
			name: "timeout",
			stream: `{"Action":"run","Test":"TestWait"}
{"Action":"output","Test":"TestWait","Output":"panic: test timed out after 3s\n"}
{"Action":"fail","Test":"TestWait"}
{"Action":"fail"}`,
			wantStage: StageTests, wantReason: "hit the 3s time budget",
			wantStatus: map[string]string{"TestWait": StatusTimeout},
		},
		{
			name: "skip is not a pass",
			stream: `{"Action":"run","Test":"TestA"}
{"Action":"skip","Test":"TestA"}
{"Action":"pass"}`,
			wantStage: StageTests, wantReason: "skipped",
		},
		{
			name:      "no tests",
			stream:    `{"Action":"output","Output":"testing: warning: no tests to run\n"}` + "\n" + `{"Action":"pass"}`,
			wantStage: StageTests, wantReason: "no test ran",
		},
		{
			name: "compile error",
			stream: `{"ImportPath":"drill.workspace/x","Action":"build-output","Output":"x/x.go:3:9: undefined: y\n"}
{"ImportPath":"drill.workspace/x","Action":"build-fail"}
{"Action":"fail","FailedBuild":"drill.workspace/x"}`,
			wantStage: StageBuild, wantReason: "does not compile",
		},
		{
			name: "a crash before the test's start line names the expected tests",
			stream: `{"Action":"output","Output":"panic: worker lost its queue\n"}
{"Action":"output","Output":"goroutine 7 [running]:\n"}
{"Action":"fail"}`,
			expected:  []string{"TestFill", "TestOther"},
			wantStage: StageTests, wantReason: "crashed: panic: worker lost its queue",
			wantStatus: map[string]string{"TestFill": StatusCrashed, "TestOther": StatusCrashed},
		},
		{
			name: "a run narrowed to one test misses the others",
			stream: `{"Action":"run","Test":"TestA"}
{"Action":"pass","Test":"TestA"}
{"Action":"pass"}`,
			expected:  []string{"TestA", "TestB"},
			wantStage: StageTests, wantReason: "1 of 2 expected tests never ran",
			wantStatus: map[string]string{"TestA": "pass", "TestB": StatusMissing},
		},
		{
			name: "binary fails after tests pass (TestMain exit code)",
			stream: `{"Action":"run","Test":"TestA"}
{"Action":"pass","Test":"TestA"}
{"Action":"output","Output":"goleak: leaked goroutines\n"}
{"Action":"fail"}`,
			wantStage: StageTests, wantReason: "failed after its tests passed",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := &Result{}
			judge(res, parseTestJSON(strings.NewReader(tt.stream)), tt.expected, 3*time.Second, "")
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
		})
	}
}

func TestParseVet(t *testing.T) {
	stdout := []byte(`{
	"drill.workspace/rows": {
		"sqlleak": [{"posn": "/w/rows/rows.go:12:3", "end": "/w/rows/rows.go:12:9", "message": "rows is not closed"}],
		"other": {"error": "analysis failed"}
	}
}
{
	"drill.workspace/rows [drill.workspace/rows.test]": {
		"sqlleak": [{"posn": "/w/rows/rows.go:12:3", "message": "rows is not closed"}]
	}
}
`)
	findings, problem := parseVet(stdout, []byte("# drill.workspace/rows\n"))
	if len(findings) != 1 || findings[0].Analyzer != "sqlleak" || findings[0].Posn != "/w/rows/rows.go:12:3" {
		t.Fatalf("findings = %+v, want the one sqlleak finding once", findings)
	}
	if !strings.Contains(problem, "other: analysis failed") {
		t.Fatalf("problem = %q, want the analyzer failure", problem)
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
