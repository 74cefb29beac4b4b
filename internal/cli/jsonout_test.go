package cli

import (
	"bytes"
	"encoding/json"
	"reflect"
	"strings"
	"testing"

	"github.com/drillhq/drill/internal/grade"
	"github.com/drillhq/drill/internal/term"
)

// decodeStrict unmarshals data into v, refusing a field v does not declare:
// output that drifts from the documented structs fails the test.
func decodeStrict(t *testing.T, data string, v any) {
	t.Helper()
	dec := json.NewDecoder(strings.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		t.Fatalf("decoding into %T: %v\n%s", v, err, data)
	}
	if dec.More() {
		t.Fatalf("more than one JSON value on stdout:\n%s", data)
	}
}

func testInv(dir string) *inv {
	var out bytes.Buffer
	return &inv{Env: Env{Dir: dir}, out: term.New(&out, func(string) string { return "" })}
}

// Every path in drill check --json is relative to the working folder, as
// the text output prints it; a path outside it stays absolute.
func TestCheckJSONPathsRelative(t *testing.T) {
	res := &grade.Result{
		ID: "tally", Stage: grade.StageAnalyzers, Problem: "1 finding(s) from lockleak",
		Stages:      []grade.StageResult{{Name: grade.StageBuild, Status: grade.StagePassed}, {Name: grade.StageAnalyzers, Status: grade.StageFailed, Detail: "1 finding(s)"}},
		BuildOutput: "/w/tally/x.go:1:1: warning",
		Findings: []grade.Finding{{Analyzer: "lockleak", Posn: "/w/tally/tally.go:19:2", End: "/w/tally/tally.go:19:9", Message: "not released",
			Related: []grade.Related{{Posn: "/w/tally/tally.go:25:3", Message: "returns here"}},
			Fixes:   []grade.Fix{{Message: "unlock", Edits: []grade.Edit{{Filename: "/w/tally/tally.go", Start: 3, End: 3, New: "x"}}}}}},
		Notes:   []grade.Finding{{Analyzer: "bodyleak", Posn: "/elsewhere/http.go:7:3", Message: "not closed"}},
		Tests:   []grade.Test{{Name: "TestA", Status: grade.StatusTimeout, Where: "/w/tally/tally.go:21", Output: "    /w/tally/tally.go:21 stuck\n"}},
		Elapsed: 1.5,
	}
	got := checkJSON(testInv("/w"), res)
	want := CheckJSON{
		Version: 1, ID: "tally", Stage: grade.StageAnalyzers, Problem: "1 finding(s) from lockleak",
		Stages:      []StageJSON{{Name: "build", Status: "pass"}, {Name: "analyzers", Status: "fail", Detail: "1 finding(s)"}},
		BuildOutput: "tally/x.go:1:1: warning",
		Findings: []FindingJSON{{Analyzer: "lockleak", Posn: "tally/tally.go:19:2", End: "tally/tally.go:19:9", Message: "not released",
			Related:        []RelatedJSON{{Posn: "tally/tally.go:25:3", Message: "returns here"}},
			SuggestedFixes: []FixJSON{{Message: "unlock", Edits: []EditJSON{{Filename: "tally/tally.go", Start: 3, End: 3, New: "x"}}}}}},
		Notes:          []FindingJSON{{Analyzer: "bodyleak", Posn: "/elsewhere/http.go:7:3", Message: "not closed"}},
		Tests:          []TestJSON{{Name: "TestA", Status: grade.StatusTimeout, Where: "tally/tally.go:21", Output: "    tally/tally.go:21 stuck\n"}},
		ElapsedSeconds: 1.5,
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("checkJSON =\n%+v\nwant\n%+v", got, want)
	}
	// Empty lists are [] for a script to range over, never null.
	var b bytes.Buffer
	if err := writeJSON(&b, checkJSON(testInv("/w"), &grade.Result{ID: "x", Solved: true})); err != nil {
		t.Fatal(err)
	}
	for _, field := range []string{`"stages": []`, `"findings": []`, `"notes": []`, `"tests": []`} {
		if !strings.Contains(b.String(), field) {
			t.Errorf("solved result without lists lacks %s:\n%s", field, b.String())
		}
	}
}

// The exercism mapping keeps exercism's rules: "error" only when no test
// ran, "fail" exactly when some entry of tests[] is not "pass".
func TestExercismResult(t *testing.T) {
	stages := func(build, analyzers, tests string) []grade.StageResult {
		return []grade.StageResult{{Name: grade.StageBuild, Status: build}, {Name: grade.StageAnalyzers, Status: analyzers}, {Name: grade.StageTests, Status: tests}}
	}
	pass, fail, skip := grade.StagePassed, grade.StageFailed, grade.StageSkipped
	finding := grade.Finding{Analyzer: "lockleak", Posn: "/w/tally/tally.go:19:2", Message: "not released"}
	passing := grade.Test{Name: "TestA", Status: "pass", Output: "=== RUN   TestA\n--- PASS: TestA\n"}
	analyzersOK := ExercismTest{Name: exercismAnalyzersTest, Status: "pass"}
	tests := []struct {
		name string
		res  *grade.Result
		want ExercismResult
	}{
		{
			name: "solved",
			res:  &grade.Result{Solved: true, Tests: []grade.Test{passing}, Stages: stages(pass, pass, pass)},
			want: ExercismResult{Version: 3, Status: "pass", Tests: []ExercismTest{analyzersOK, {Name: "TestA", Status: "pass"}}},
		},
		{
			name: "does not compile",
			res:  &grade.Result{Stage: grade.StageBuild, Problem: "the code does not compile", BuildOutput: "# drill/tally\n/w/tally/tally.go:4:9: undefined: nope\n", Stages: stages(fail, skip, skip)},
			want: ExercismResult{Version: 3, Status: "error", Message: "the code does not compile\n\n# drill/tally\ntally/tally.go:4:9: undefined: nope"},
		},
		{
			name: "policy refusal",
			res: &grade.Result{Stage: grade.StageAnalyzers, Problem: "1 finding(s) from policy: refused", Findings: []grade.Finding{{Analyzer: "policy", Posn: "/w/tally/tally.go:3:2", Message: "os/exec"}},
				Tests: []grade.Test{{Name: "TestA", Status: grade.StatusNotRun}}, Stages: stages(pass, fail, skip)},
			want: ExercismResult{Version: 3, Status: "error", Message: "1 finding(s) from policy: refused\ntally/tally.go:3:2: os/exec (policy)"},
		},
		{
			name: "a finding with every test passing",
			res:  &grade.Result{Stage: grade.StageAnalyzers, Problem: "1 finding(s) from lockleak", Findings: []grade.Finding{finding}, Tests: []grade.Test{passing}, Stages: stages(pass, fail, pass)},
			want: ExercismResult{Version: 3, Status: "fail", Tests: []ExercismTest{
				{Name: exercismAnalyzersTest, Status: "fail", Message: "tally/tally.go:19:2: not released (lockleak)"}, {Name: "TestA", Status: "pass"}}},
		},
		{
			name: "the analyzers could not run",
			res:  &grade.Result{Stage: grade.StageAnalyzers, Problem: "drill's analyzers could not run: boom", Tests: []grade.Test{passing}, Stages: stages(pass, fail, pass)},
			want: ExercismResult{Version: 3, Status: "fail", Tests: []ExercismTest{
				{Name: exercismAnalyzersTest, Status: "error", Message: "drill's analyzers could not run: boom"}, {Name: "TestA", Status: "pass"}}},
		},
		{
			name: "failing, crashed and missing tests",
			res: &grade.Result{Stage: grade.StageTests, Problem: "the test binary crashed", Stages: stages(pass, pass, fail), Tests: []grade.Test{
				{Name: "TestA", Status: "fail", Output: "=== RUN   TestA\n    a_test.go:3: got 1, want 2\n--- FAIL: TestA\n"},
				{Name: "TestB", Status: grade.StatusCrashed, Where: "/w/tally/tally.go:8", Output: "panic: lost\n"},
				{Name: "TestC", Status: grade.StatusMissing, Output: "this test never ran"},
				{Name: "TestD", Status: "skip", Output: "--- SKIP: TestD\n"},
			}},
			want: ExercismResult{Version: 3, Status: "fail", Tests: []ExercismTest{analyzersOK,
				{Name: "TestA", Status: "fail", Message: "a_test.go:3: got 1, want 2"},
				{Name: "TestB", Status: "error", Message: "crashed at tally/tally.go:8\npanic: lost"},
				{Name: "TestC", Status: "error", Message: "missing\nthis test never ran"},
				{Name: "TestD", Status: "fail", Message: "skip\n--- SKIP: TestD"},
			}},
		},
		{
			name: "every test passed, the run did not",
			res:  &grade.Result{Stage: grade.StageTests, Problem: "a data race was found after the tests finished", Tests: []grade.Test{passing}, Stages: stages(pass, pass, fail)},
			want: ExercismResult{Version: 3, Status: "fail", Tests: []ExercismTest{analyzersOK, {Name: "TestA", Status: "pass"},
				{Name: exercismVerdictTest, Status: "fail", Message: "a data race was found after the tests finished"}}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.res.Solved = tt.res.Stage == ""
			got := exercismResult(testInv("/w"), tt.res)
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("exercismResult =\n%+v\nwant\n%+v", got, tt.want)
			}
		})
	}
}

// Main finds the format a command line asked for in the raw arguments, as
// the flag package would read them, for errors the command never got to
// print.
func TestRequestedFormat(t *testing.T) {
	tests := []struct {
		command string
		args    []string
		want    string
	}{
		{"check", nil, ""},
		{"check", []string{"--json"}, "json"},
		{"check", []string{"tally", "-json"}, "json"},
		{"check", []string{"--json=true"}, "json"},
		{"check", []string{"--json=false"}, ""},
		{"check", []string{"--json", "--json=0"}, ""},
		{"check", []string{"--format=exercism"}, "exercism"},
		{"check", []string{"--format", "exercism", "tally"}, "exercism"},
		{"check", []string{"--format=json"}, "json"},
		{"check", []string{"--format=bogus"}, ""},
		{"check", []string{"--format=exercism", "--json"}, "json"},
		{"check", []string{"--", "--json"}, ""},
		{"list", []string{"--json"}, "json"},
		{"list", []string{"--format=exercism"}, ""},
		{"next", []string{"--json"}, ""},
	}
	for _, tt := range tests {
		if got := requestedFormat(tt.command, tt.args); got != tt.want {
			t.Errorf("requestedFormat(%q, %q) = %q, want %q", tt.command, tt.args, got, tt.want)
		}
	}
}

// An error with --json is one error object on stdout, with the exit code
// the process returns; without it, stdout stays empty.
func TestErrorObject(t *testing.T) {
	tests := []struct {
		args      []string
		code      int
		inMessage string
		inRemedy  string
	}{
		{args: []string{"check", "--json"}, code: ExitFail, inMessage: "no drill workspace in "},
		{args: []string{"check", "--json", "--nope"}, code: ExitUsage, inMessage: "flag provided but not defined: -nope", inRemedy: "usage: drill check"},
		{args: []string{"check", "--json", "--format=exercism"}, code: ExitUsage, inMessage: "choose one"},
		{args: []string{"check", "--format=yaml"}, code: ExitUsage, inMessage: `unknown --format "yaml"`},
		{args: []string{"list", "--json", "extra"}, code: ExitUsage, inMessage: "takes no arguments"},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			code, stdout, _ := drillIn(t, t.TempDir(), tt.args...)
			if code != tt.code {
				t.Fatalf("exit code %d, want %d", code, tt.code)
			}
			if requestedFormat(tt.args[0], tt.args[1:]) == "" {
				if stdout != "" {
					t.Fatalf("stdout %q, want it empty without --json", stdout)
				}
				return
			}
			var got ErrorJSON
			decodeStrict(t, stdout, &got)
			if got.Version != JSONVersion || got.Error.Code != tt.code || !strings.Contains(got.Error.Message, tt.inMessage) || !strings.Contains(got.Error.Remedy, tt.inRemedy) {
				t.Errorf("error object %+v; want version %d, code %d, message with %q, remedy with %q", got, JSONVersion, tt.code, tt.inMessage, tt.inRemedy)
			}
		})
	}

	code, stdout, _ := drillIn(t, t.TempDir(), "check", "--format=exercism")
	var got ExercismResult
	decodeStrict(t, stdout, &got)
	if code != ExitFail || got.Version != 3 || got.Status != "error" || !strings.Contains(got.Message, "no drill workspace") || got.Tests != nil {
		t.Errorf("exit %d, exercism error %+v; want exit 1, version 3, status error, the message, no tests", code, got)
	}
}

// Real output decodes into the documented structs with no field left over:
// a failing check, the same as exercism's results.json, the list, and the
// error object of a machine that cannot grade (exit 3).
func TestRealJSONMatchesDocumentedStructs(t *testing.T) {
	if testing.Short() {
		t.Skip("a real check builds and runs the hidden tests under -race")
	}
	t.Setenv("GOPROXY", "off")
	t.Setenv("GOFLAGS", "")
	dir := t.TempDir()
	if code, _, stderr := drillIn(t, dir, "next", "tally"); code != ExitOK {
		t.Fatalf("drill next: exit %d: %s", code, stderr)
	}

	code, stdout, stderr := drillIn(t, dir, "check", "--json")
	if code != ExitFail || stderr != "" {
		t.Fatalf("check --json: exit %d, stderr %q; want exit 1 and nothing on stderr", code, stderr)
	}
	var check CheckJSON
	decodeStrict(t, stdout, &check)
	var names []string
	for _, s := range check.Stages {
		names = append(names, s.Name+"="+s.Status)
	}
	if check.Version != JSONVersion || check.Solved || strings.Join(names, " ") != "build=pass analyzers=fail tests=fail" {
		t.Errorf("version %d, solved %v, stages %v; want version %d, not solved, build passing and the others failing", check.Version, check.Solved, names, JSONVersion)
	}
	if len(check.Findings) != 1 || check.Findings[0].Posn != "tally/tally.go:19:2" {
		t.Errorf("findings %+v, want one at tally/tally.go:19:2", check.Findings)
	}

	code, stdout, _ = drillIn(t, dir, "check", "--format=exercism")
	var ex ExercismResult
	decodeStrict(t, stdout, &ex)
	if code != ExitFail || ex.Version != 3 || ex.Status != "fail" || len(ex.Tests) != 1+len(check.Tests) || ex.Tests[0].Status != "fail" {
		t.Errorf("exit %d, results.json %+v; want exit 1, version 3, fail, the analyzers entry failing then %d tests", code, ex, len(check.Tests))
	}

	code, stdout, _ = drillIn(t, dir, "list", "--json")
	var list ListJSON
	decodeStrict(t, stdout, &list)
	if code != ExitOK || list.Version != JSONVersion || len(list.Exercises) != 3 {
		t.Errorf("exit %d, list %+v; want exit 0, version %d, 3 exercises", code, list, JSONVersion)
	}

	t.Setenv("PATH", t.TempDir())
	code, stdout, _ = drillIn(t, dir, "check", "--json")
	var failed ErrorJSON
	decodeStrict(t, stdout, &failed)
	if code != ExitNoGrader || failed.Error.Code != ExitNoGrader || !strings.Contains(failed.Error.Message, "the go command is not on PATH") || failed.Error.Remedy == "" {
		t.Errorf("exit %d, error object %+v; want exit 3 with the problem and a remedy", code, failed)
	}
}
