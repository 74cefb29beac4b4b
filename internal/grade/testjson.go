package grade

import (
	"bufio"
	"encoding/json"
	"io"
	"strings"
)

// event is one line of `go test -json` (test2json) output, including the
// build-output events the go command emits for compile errors.
type event struct {
	Action      string
	Package     string
	ImportPath  string
	Test        string
	Output      string
	FailedBuild string
}

// testRun is everything one `go test -json` run said about the package.
type testRun struct {
	tests       map[string]*Test
	order       []string
	pkgAction   string // pass, fail, skip, or "" when the run never finished
	pkgOutput   strings.Builder
	buildOutput strings.Builder
	failedBuild bool
	other       strings.Builder // lines that were not JSON (the go command's own errors)
}

func parseTestJSON(r io.Reader) *testRun {
	run := &testRun{tests: map[string]*Test{}}
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 1024*1024), 16*1024*1024)
	for sc.Scan() {
		line := sc.Bytes()
		var ev event
		if len(line) == 0 || line[0] != '{' || json.Unmarshal(line, &ev) != nil {
			run.other.Write(line)
			run.other.WriteByte('\n')
			continue
		}
		run.add(ev)
	}
	return run
}

func (run *testRun) add(ev event) {
	switch ev.Action {
	case "build-output":
		run.buildOutput.WriteString(ev.Output)
		return
	case "build-fail":
		run.failedBuild = true
		return
	}
	if ev.Test == "" {
		switch ev.Action {
		case "output":
			run.pkgOutput.WriteString(ev.Output)
		case "pass", "fail", "skip":
			run.pkgAction = ev.Action
			if ev.FailedBuild != "" {
				run.failedBuild = true
			}
		}
		return
	}
	t := run.tests[ev.Test]
	if t == nil {
		t = &Test{Name: ev.Test, Status: StatusRunning}
		run.tests[ev.Test] = t
		run.order = append(run.order, ev.Test)
	}
	switch ev.Action {
	case "output":
		t.Output += ev.Output
	case "pass", "fail", "skip":
		t.Status = ev.Action
	}
}

// rawOutput is everything printed while test name ran, plus what the
// package printed outside any test (a crash's goroutine dump lands there
// when the binary dies).
func (run *testRun) rawOutput(name string) string {
	out := run.pkgOutput.String()
	if t := run.tests[name]; t != nil {
		out = t.Output + out
	}
	return out
}
