package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis/unitchecker"

	"github.com/drillhq/drill/analyzers"
	"github.com/drillhq/drill/internal/grade"
)

// TestMain lets this test binary act as drill where a check runs drill
// again, as cmd/drill's main does: go vet's -vettool and the test binary's
// reaper.
func TestMain(m *testing.M) {
	if IsVetInvocation(os.Args[1:]) {
		unitchecker.Main(append(analyzers.Vet(), analyzers.Grading...)...)
	}
	if len(os.Args) > 1 && os.Args[1] == grade.ReapCommand {
		os.Exit(grade.Reap(os.Args[2:]))
	}
	os.Exit(m.Run())
}

// drillIn runs cli.Main in dir with the fixture pack, drill's cache and
// config in temporary folders and no colour, and returns its exit code and
// output.
func drillIn(t *testing.T, dir string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	pack, err := filepath.Abs("../../testdata/pack")
	if err != nil {
		t.Fatal(err)
	}
	vars := map[string]string{
		PackEnv:        pack,
		"DRILL_CACHE":  filepath.Join(dir, ".drill-cache"),
		"DRILL_CONFIG": filepath.Join(dir, ".drill-config"),
		"NO_COLOR":     "1",
		PostgresURLEnv: "",
	}
	var out, errb bytes.Buffer
	code = Main(context.Background(), args, Env{
		Stdout: &out, Stderr: &errb, Dir: dir,
		Getenv: func(k string) string { return vars[k] },
		Self:   SelfPath(os.Args[0]),
	})
	return code, out.String(), errb.String()
}

// The exit codes drill help and the README document, each from a command
// line that needs no grading.
func TestExitCodesWithoutGrading(t *testing.T) {
	tests := []struct {
		args     []string
		want     int
		inStdout string
		inStderr string
	}{
		{args: nil, want: ExitOK, inStdout: "Usage: drill <command>"},
		{args: []string{"version"}, want: ExitOK, inStdout: "drill "},
		{args: []string{"help", "check"}, want: ExitOK, inStdout: "usage: drill check"},
		{args: []string{"check", "-h"}, want: ExitOK, inStdout: "usage: drill check"},
		// Not a workspace: the command fails, which is not a usage error.
		{args: []string{"check"}, want: ExitFail, inStderr: "no drill workspace"},
		{args: []string{"nosuch"}, want: ExitUsage, inStderr: `unknown command "nosuch"`},
		{args: []string{"help", "nosuch"}, want: ExitUsage, inStderr: `no command "nosuch"`},
		{args: []string{"check", "--nope"}, want: ExitUsage, inStderr: "usage: drill check"},
		{args: []string{"verify", "-j", "0"}, want: ExitUsage, inStderr: "-j must be at least 1"},
	}
	for _, tt := range tests {
		t.Run(strings.Join(append([]string{"drill"}, tt.args...), " "), func(t *testing.T) {
			code, stdout, stderr := drillIn(t, t.TempDir(), tt.args...)
			if code != tt.want {
				t.Errorf("exit code %d, want %d\nstdout: %s\nstderr: %s", code, tt.want, stdout, stderr)
			}
			if !strings.Contains(stdout, tt.inStdout) || !strings.Contains(stderr, tt.inStderr) {
				t.Errorf("stdout %q, stderr %q; want them to contain %q and %q", stdout, stderr, tt.inStdout, tt.inStderr)
			}
		})
	}
}

// The shipped bug of the fixture pack's first exercise, checked where the
// machine cannot grade (no go command on PATH: exit 3) and where it can
// (a real check the hidden tests fail: exit 1, the stages saying why).
func TestCheckExitCodes(t *testing.T) {
	if testing.Short() {
		t.Skip("a real check builds and runs the hidden tests under -race")
	}
	// Offline, as the CLI scripts: every module is in the module cache.
	t.Setenv("GOPROXY", "off")
	t.Setenv("GOFLAGS", "")
	dir := t.TempDir()
	if code, _, stderr := drillIn(t, dir, "next"); code != ExitOK {
		t.Fatalf("drill next: exit %d: %s", code, stderr)
	}

	t.Run("no go command", func(t *testing.T) {
		t.Setenv("PATH", t.TempDir())
		code, _, stderr := drillIn(t, dir, "check")
		if code != ExitNoGrader {
			t.Errorf("exit code %d, want %d; stderr: %s", code, ExitNoGrader, stderr)
		}
		if !strings.Contains(stderr, "cannot grade on this machine: the go command is not on PATH") {
			t.Errorf("stderr %q, want it to say the go command is missing", stderr)
		}
	})

	code, stdout, stderr := drillIn(t, dir, "check", "--json")
	if code != ExitFail {
		t.Fatalf("exit code %d, want %d; stderr: %s", code, ExitFail, stderr)
	}
	var res grade.Result
	if err := json.Unmarshal([]byte(stdout), &res); err != nil {
		t.Fatalf("check --json: %v\n%s", err, stdout)
	}
	want := []grade.StageResult{
		{Name: grade.StageBuild, Status: grade.StagePassed},
		{Name: grade.StageAnalyzers, Status: grade.StagePassed},
		{Name: grade.StageTests, Status: grade.StageFailed, Detail: "1 of 2 tests failed"},
	}
	if res.Solved || len(res.Stages) != len(want) {
		t.Fatalf("solved %v, stages %+v; want not solved with %+v", res.Solved, res.Stages, want)
	}
	for i := range want {
		got := res.Stages[i]
		if got.Seconds <= 0 {
			t.Errorf("stage %d = %+v: it ran, so it has a duration", i, got)
		}
		got.Seconds = 0
		if got != want[i] {
			t.Errorf("stage %d = %+v, want %+v", i, got, want[i])
		}
	}
}
