package cli

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/drillhq/drill/internal/interview"
	"github.com/drillhq/drill/internal/workspace"
)

// The interview's clock runs on Env.Now, so these tests set the time
// instead of waiting for it; testdata/script/interview.txtar runs a short
// interview on the real clock.

var interviewStart = time.Date(2026, 3, 1, 10, 0, 0, 0, time.UTC)

// interviewWorkspace is a workspace holding an interview over totals and
// greeting of the fixture pack that began at interviewStart with budget on
// the clock, totals handed out then.
func interviewWorkspace(t *testing.T, budget time.Duration) (*workspace.Workspace, string) {
	t.Helper()
	dir := t.TempDir()
	ws, _, err := workspace.Init(dir)
	if err != nil {
		t.Fatal(err)
	}
	s := interview.New(interviewStart, budget, []interview.Candidate{{ID: "totals", Family: "race"}, {ID: "greeting", Family: "request-error"}})
	s.HandOut(interviewStart)
	if err := s.Save(ws.MetaPath(interviewFile)); err != nil {
		t.Fatal(err)
	}
	return ws, dir
}

// interviewAt runs drill in dir with the fixture pack at the time now.
func interviewAt(t *testing.T, dir string, now time.Time, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	pack, err := filepath.Abs("../../testdata/pack")
	if err != nil {
		t.Fatal(err)
	}
	vars := map[string]string{PackEnv: pack, "DRILL_CONFIG": filepath.Join(dir, ".drill-config"), "NO_COLOR": "1"}
	var out, errb bytes.Buffer
	code = Main(context.Background(), args, Env{
		Stdout: &out, Stderr: &errb, Dir: dir,
		Getenv: func(k string) string { return vars[k] },
		Now:    func() time.Time { return now },
	})
	return code, out.String(), errb.String()
}

func statusAt(ws *workspace.Workspace, now time.Time) (string, bool) {
	c := &inv{Env: Env{Getenv: func(string) string { return "" }, Now: func() time.Time { return now }}}
	return interviewStatus(c, ws)
}

// The line drill check and drill next print while an interview runs.
func TestInterviewStatus(t *testing.T) {
	ws, _ := interviewWorkspace(t, 15*time.Minute)
	if line, active := statusAt(ws, interviewStart.Add(150*time.Second)); !active || line != "Interview: exercise 1 of 2, 12:30 left — drill interview moves on" {
		t.Errorf("during the interview: %q, %v", line, active)
	}
	if line, active := statusAt(ws, interviewStart.Add(time.Hour)); !active || line != "Interview: time is up — drill interview shows your scorecard" {
		t.Errorf("after the deadline: %q, %v", line, active)
	}
	if err := os.WriteFile(ws.MetaPath(interviewFile), []byte("{"), 0o644); err != nil {
		t.Fatal(err)
	}
	if line, active := statusAt(ws, interviewStart); active || line != "" {
		t.Errorf("with a damaged session file: %q, %v", line, active)
	}
	if err := os.Remove(ws.MetaPath(interviewFile)); err != nil {
		t.Fatal(err)
	}
	if line, active := statusAt(ws, interviewStart); active || line != "" {
		t.Errorf("without an interview: %q, %v", line, active)
	}
}

// --skip ends the current exercise's clock and starts the next one's at
// the same moment; the next becomes the current exercise of the workspace.
func TestInterviewSkipHandsOutNext(t *testing.T) {
	ws, dir := interviewWorkspace(t, 10*time.Minute)
	at := interviewStart.Add(2 * time.Minute)
	code, out, errs := interviewAt(t, dir, at, "interview", "--skip")
	if code != ExitOK {
		t.Fatalf("exit %d\n%s%s", code, out, errs)
	}
	for _, want := range []string{"Resuming your interview: exercise 1 of 2, 8:00 left.", "You gave totals up", "Interview exercise 2 of 2", "Clock: 8:00 left."} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	s, err := interview.Load(ws.MetaPath(interviewFile))
	if err != nil || s == nil {
		t.Fatalf("session after --skip: %v, %v", s, err)
	}
	if it := s.Items[0]; !it.Skipped || it.Left == nil || !it.Left.Equal(at) {
		t.Errorf("totals after --skip: %+v", it)
	}
	if it := s.Items[1]; it.HandedOut == nil || !it.HandedOut.Equal(at) {
		t.Errorf("greeting after --skip: %+v", it)
	}
	st, err := ws.LoadState()
	if err != nil {
		t.Fatal(err)
	}
	if st.Current != "greeting" || !st.Exercises["greeting"].Started.Equal(at) {
		t.Errorf("state after --skip: current %q, %+v", st.Current, st.Exercises["greeting"])
	}
	if _, err := os.Stat(filepath.Join(dir, "greeting", "greeting.go")); err != nil {
		t.Errorf("greeting's code was not written: %v", err)
	}
}

// Past the deadline the next run finishes: the clock stops at the
// deadline, an exercise never reached says so, the history gets the
// interview and the session is gone.
func TestInterviewFinishesAtDeadline(t *testing.T) {
	ws, dir := interviewWorkspace(t, 10*time.Minute)
	code, out, errs := interviewAt(t, dir, interviewStart.Add(time.Hour), "interview")
	if code != ExitOK {
		t.Fatalf("exit %d\n%s%s", code, out, errs)
	}
	for _, want := range []string{
		"exercise 1 of 2, time is up",
		"Interview over (time is up)",
		"totals                 race            not tried         0             no    10:00   0",
		"greeting               request-error   -                 -             -     -       -     not reached",
		"Total: spotted first try 0/2, fixed 0/2, hints 0, time 10:00",
		"Your first interview",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	if _, err := os.Stat(ws.MetaPath(interviewFile)); !os.IsNotExist(err) {
		t.Errorf("session still there after the scorecard: %v", err)
	}
	h, err := interview.LoadHistory(ws.MetaPath(historyFile))
	if err != nil || len(h.Interviews) != 1 || h.Interviews[0].Seconds != 600 {
		t.Fatalf("history: %+v, %v", h, err)
	}
}

// --stop ends it early: the clock stops then, and the second interview is
// compared with the first.
func TestInterviewStop(t *testing.T) {
	ws, dir := interviewWorkspace(t, 10*time.Minute)
	if code, out, errs := interviewAt(t, dir, interviewStart.Add(time.Hour), "interview"); code != ExitOK {
		t.Fatalf("first interview: exit %d\n%s%s", code, out, errs)
	}
	later := interviewStart.Add(24 * time.Hour)
	s := interview.New(later, 10*time.Minute, []interview.Candidate{{ID: "tally", Family: "locking"}})
	s.HandOut(later)
	if err := s.Save(ws.MetaPath(interviewFile)); err != nil {
		t.Fatal(err)
	}
	code, out, errs := interviewAt(t, dir, later.Add(90*time.Second), "interview", "--stop")
	if code != ExitOK {
		t.Fatalf("exit %d\n%s%s", code, out, errs)
	}
	for _, want := range []string{
		"Interview over (you stopped it)",
		"tally                  locking         not tried         0             no    1:30    0",
		"Compared with your previous interview:",
		"time 1:30 (last time 10:00)",
		"Your best interview yet.",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
}

// A session whose exercise left the pack cannot be handed out, and says
// how to end it; --stop still can, from what the session kept.
func TestInterviewPackChanged(t *testing.T) {
	ws, dir := interviewWorkspace(t, 10*time.Minute)
	s, err := interview.Load(ws.MetaPath(interviewFile))
	if err != nil {
		t.Fatal(err)
	}
	s.Items[0].ID = "gone"
	if err := s.Save(ws.MetaPath(interviewFile)); err != nil {
		t.Fatal(err)
	}
	code, _, errs := interviewAt(t, dir, interviewStart.Add(time.Minute), "interview")
	if code != ExitFail || !strings.Contains(errs, "exercise gone of your interview is not in the") || !strings.Contains(errs, "drill interview --stop") {
		t.Fatalf("exit %d: %s", code, errs)
	}
	code, out, errs := interviewAt(t, dir, interviewStart.Add(time.Minute), "interview", "--stop")
	if code != ExitOK || !strings.Contains(out, "gone                   race") {
		t.Fatalf("--stop: exit %d\n%s%s", code, out, errs)
	}
}

// Bad command lines are usage errors (exit 2) that say what to do.
func TestInterviewUsage(t *testing.T) {
	_, dir := interviewWorkspace(t, 10*time.Minute)
	fresh := t.TempDir()
	if _, _, err := workspace.Init(fresh); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		dir  string
		args []string
		want string
	}{
		{dir, []string{"--minutes", "5"}, "an interview is in progress (exercise 1 of 2, 9:00 left): --minutes and --count set up a new one; drill interview --stop ends this one"},
		{dir, []string{"--count", "3"}, "an interview is in progress"},
		{fresh, []string{"--skip"}, "no interview in progress: drill interview starts one"},
		{fresh, []string{"--stop"}, "no interview in progress"},
		{fresh, []string{"--count", "0"}, "--count must be at least 1, got 0"},
		{fresh, []string{"--minutes", "NaN"}, "--minutes must be more than 0"},
		{fresh, []string{"--minutes", "2000"}, "at most 1440"},
		{fresh, []string{"--minutes", "soon"}, "invalid value"},
		{fresh, []string{"--skip", "--stop"}, "--skip and --stop do not go together"},
		{fresh, []string{"totals"}, "takes no arguments"},
	} {
		code, _, errs := interviewAt(t, tc.dir, interviewStart.Add(time.Minute), append([]string{"interview"}, tc.args...)...)
		if code != ExitUsage || !strings.Contains(errs, tc.want) {
			t.Errorf("drill interview %v: exit %d, stderr %q; want exit 2 with %q", tc.args, code, errs, tc.want)
		}
	}
	if _, err := os.Stat(filepath.Join(fresh, ".drill", interviewFile)); !os.IsNotExist(err) {
		t.Errorf("a refused command line started an interview: %v", err)
	}
}
