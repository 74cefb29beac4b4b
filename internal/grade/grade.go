// Package grade runs drill's grading pipeline on one exercise package:
// build, drill's analyzers and the hidden tests under -race, then a verdict.
//
// The analyzers run through the go command's vet protocol (go vet
// -vettool=drill), concurrently with the test build, so the go command
// caches every dependency's analysis facts and a warm check costs little
// more than the test run itself. The hidden tests and the harness reach the
// compiler through go test -overlay from a temporary folder: they never
// exist in the learner's workspace.
package grade

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"
)

// Test statuses besides test2json's pass, fail and skip.
const (
	StatusRunning = "running" // started, never finished: only while parsing
	StatusCrashed = "crashed" // the test binary died while it ran
	StatusTimeout = "timeout" // the time budget ended it
	StatusMissing = "missing" // expected, but never started
)

// Stages a check can stop at, first failure first.
const (
	StageBuild     = "build"
	StageAnalyzers = "analyzers"
	StageTests     = "tests"
)

// Finding is one analyzer diagnostic.
type Finding struct {
	Analyzer string `json:"analyzer"`
	Posn     string `json:"posn"`
	Message  string `json:"message"`
}

// Test is one hidden (or visible) test's outcome.
type Test struct {
	Name   string `json:"name"`
	Status string `json:"status"`
	Output string `json:"output"`
	// Where is, for a crash or a timeout, the first stack frame in the
	// learner's own code (file:line): where it panicked or was stuck.
	Where string `json:"where,omitempty"`
}

// Result is the verdict of one check.
type Result struct {
	ID     string `json:"id"`
	Solved bool   `json:"solved"`
	// Stage is the first stage that failed; empty when solved.
	Stage string `json:"stage,omitempty"`
	// Problem says in one line why the exercise is not solved.
	Problem     string `json:"problem,omitempty"`
	BuildOutput string `json:"build_output,omitempty"`
	// Findings come from the exercise's own analyzers and decide the
	// verdict; Notes come from drill's other analyzers and do not.
	Findings []Finding `json:"findings"`
	Notes    []Finding `json:"notes"`
	Tests    []Test    `json:"tests"`
	Elapsed  float64   `json:"elapsed_seconds"`
}

// Request describes one check.
type Request struct {
	Root      string            // the module root (the workspace)
	Package   string            // the exercise's folder below Root
	Analyzers []string          // analyzers whose findings decide the verdict
	Hidden    map[string][]byte // hidden *_test.go files, added to Package
	Harness   map[string][]byte // harness package files, added at HarnessDir
	// HarnessDir is the harness package's folder below Root.
	HarnessDir string
	Timeout    time.Duration // budget for running the hidden tests
	VetTool    string        // a binary speaking go vet's -vettool protocol
	GoCmd      string        // the go command; "go" when empty
	// Expected names every top-level test that must be reported passed
	// (TestNames of the hidden and shipped visible test files).
	Expected []string
	// TestEnv is added to the hidden tests' environment (the PostgreSQL
	// server's URL for exercises that run on it).
	TestEnv []string
}

// EnvError means the machine cannot grade: no Go toolchain, no C compiler
// for -race. Remedy says what to install.
type EnvError struct {
	Problem string
	Remedy  string
}

func (e *EnvError) Error() string { return e.Problem + ": " + e.Remedy }

// Run grades one exercise. An error means grading itself could not happen
// (an *EnvError for a missing toolchain, or ctx cancelled); the learner's
// mistakes are reported in the Result.
func Run(ctx context.Context, req Request) (*Result, error) {
	start := time.Now()
	goCmd := req.GoCmd
	if goCmd == "" {
		goCmd = "go"
	}
	if _, err := exec.LookPath(goCmd); err != nil {
		return nil, &EnvError{Problem: "the go command is not on PATH", Remedy: "install Go 1.26 or newer from https://go.dev/dl and make sure `go version` works"}
	}
	tmp, err := os.MkdirTemp("", "drill-check-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(tmp)
	overlay, err := writeOverlay(tmp, req)
	if err != nil {
		return nil, err
	}

	pkg := "./" + filepath.ToSlash(req.Package)
	var (
		wg             sync.WaitGroup
		vetOut, vetErr []byte
	)
	wg.Add(1)
	go func() {
		defer wg.Done()
		vetOut, vetErr, _ = runGo(ctx, req.Root, goCmd, nil, 0, "vet", "-vettool="+req.VetTool, "-json", pkg)
	}()
	timeout := req.Timeout
	if timeout <= 0 {
		timeout = time.Minute
	}
	// The test binary enforces the budget itself (and prints the stuck
	// goroutines); the outer limit only guards against a wedged build.
	testOut, testStderr, testErr := runGo(ctx, req.Root, goCmd, req.TestEnv, timeout+5*time.Minute,
		"test", "-race", "-count=1", "-json", "-vet=off", "-timeout="+timeout.String(), "-overlay="+overlay, pkg)
	wg.Wait()
	if ctx.Err() != nil {
		return nil, ctx.Err()
	}
	if envErr := raceUnavailable(string(testStderr) + string(testOut)); envErr != nil {
		return nil, envErr
	}
	if testErr != nil {
		return nil, fmt.Errorf("cannot run go test: %w", testErr)
	}

	res := &Result{ID: req.Package, Findings: []Finding{}, Notes: []Finding{}, Tests: []Test{}}
	findings, vetProblem := parseVet(vetOut, vetErr)
	for _, f := range findings {
		if slices.Contains(req.Analyzers, f.Analyzer) {
			res.Findings = append(res.Findings, f)
		} else {
			res.Notes = append(res.Notes, f)
		}
	}
	run := parseTestJSON(bytes.NewReader(testOut))
	judge(res, run, req.Expected, timeout, string(testStderr))
	if res.Stage == StageBuild {
		if envErr := moduleUnavailable(res.BuildOutput); envErr != nil {
			return nil, envErr
		}
	}
	pkgDir := filepath.Join(req.Root, req.Package)
	if abs, err := filepath.Abs(pkgDir); err == nil {
		pkgDir = abs
	}
	for i, t := range res.Tests {
		if t.Status == StatusCrashed || t.Status == StatusTimeout {
			res.Tests[i].Where = learnerFrame(run.rawOutput(t.Name), pkgDir)
		}
	}
	if res.Stage == "" && vetProblem != "" && len(res.Findings) == 0 {
		// The tests passed but the analyzers could not run: do not call
		// that solved, a finding may be hiding behind the failure.
		res.Stage, res.Problem = StageAnalyzers, "drill's analyzers could not run: "+vetProblem
	}
	res.Solved = res.Stage == ""
	res.Elapsed = time.Since(start).Seconds()
	return res, nil
}

// writeOverlay stores the hidden files in tmp and returns the path of an
// overlay file that places them in the learner's package.
func writeOverlay(tmp string, req Request) (string, error) {
	replace := map[string]string{}
	add := func(destDir string, files map[string][]byte, prefix string) error {
		for name, data := range files {
			src := filepath.Join(tmp, prefix+"-"+name)
			if err := os.WriteFile(src, data, 0o644); err != nil {
				return err
			}
			replace[filepath.Join(destDir, filepath.FromSlash(name))] = src
		}
		return nil
	}
	root, err := filepath.Abs(req.Root)
	if err != nil {
		return "", err
	}
	if err := add(filepath.Join(root, req.Package), req.Hidden, "hidden"); err != nil {
		return "", err
	}
	if err := add(filepath.Join(root, req.HarnessDir), req.Harness, "harness"); err != nil {
		return "", err
	}
	data, err := json.Marshal(map[string]any{"Replace": replace})
	if err != nil {
		return "", err
	}
	path := filepath.Join(tmp, "overlay.json")
	return path, os.WriteFile(path, data, 0o644)
}

// judge fills in the verdict from the test run, first failure first.
func judge(res *Result, run *testRun, expected []string, timeout time.Duration, stderr string) {
	// A timeout or a fatal runtime error is printed by whichever test was
	// running, or by the package when none was; look at all of it.
	all := run.pkgOutput.String()
	for _, t := range run.tests {
		all += t.Output
	}
	timedOut := strings.Contains(all, "panic: test timed out after")
	crash := crashReason(all)
	for _, t := range run.list() {
		if t.Status == StatusRunning || (timedOut && strings.Contains(t.Output, "panic: test timed out after")) {
			t.Status = StatusCrashed
			if timedOut {
				t.Status = StatusTimeout
			}
			t.Output = trimPanic(t.Output + run.pkgOutput.String())
		}
		res.Tests = append(res.Tests, t)
	}
	// A goroutine of the last test can panic just after that test reported
	// passing (its deferred wg.Done let the test return): the crash is still
	// that test's, so say so rather than list no failing test at all.
	if crash != "" && !slices.ContainsFunc(res.Tests, func(t Test) bool { return t.Status == StatusCrashed }) && len(res.Tests) > 0 {
		last := &res.Tests[len(res.Tests)-1]
		last.Status, last.Output = StatusCrashed, trimPanic(last.Output+run.pkgOutput.String())
	}
	// An expected test that never started did not pass: the binary died or
	// exited before it, or the run was narrowed to other tests.
	missing := 0
	for _, name := range expected {
		if run.tests[name] != nil {
			continue
		}
		missing++
		t := Test{Name: name, Status: StatusMissing, Output: "this test never ran"}
		switch {
		case timedOut:
			t.Status, t.Output = StatusTimeout, "never ran: the test binary hit the time budget first"
		case crash != "":
			t.Status, t.Output = StatusCrashed, trimPanic(run.pkgOutput.String())
		}
		res.Tests = append(res.Tests, t)
	}
	switch {
	case run.failedBuild || (run.pkgAction == "" && run.buildOutput.Len() > 0):
		res.Stage, res.Problem = StageBuild, "the code does not compile"
		res.BuildOutput = strings.TrimSpace(run.buildOutput.String() + run.other.String())
		return
	case run.pkgAction == "" && len(res.Tests) == 0:
		res.Stage, res.Problem = StageBuild, "go test did not run"
		res.BuildOutput = strings.TrimSpace(run.other.String() + stderr)
		return
	}
	if len(res.Findings) > 0 {
		res.Stage = StageAnalyzers
		res.Problem = fmt.Sprintf("%d finding(s) from %s", len(res.Findings), res.Findings[0].Analyzer)
		return
	}
	failed, skipped := 0, 0
	for _, t := range res.Tests {
		switch t.Status {
		case "pass":
		case "skip":
			skipped++
		default:
			failed++
		}
	}
	switch {
	case timedOut:
		res.Stage, res.Problem = StageTests, fmt.Sprintf("the tests hit the %s time budget: an infinite loop, a deadlock, or a wait for a connection that never comes back", timeout)
	case crash != "":
		res.Stage, res.Problem = StageTests, "the test binary crashed: "+crash
	case len(run.order) == 0:
		res.Stage, res.Problem = StageTests, "no test ran: the test binary exited before running any (does your code call os.Exit or log.Fatal?)"
	case missing > 0 && missing == failed:
		res.Stage, res.Problem = StageTests, fmt.Sprintf("%d of %d expected tests never ran (did the code exit the test binary, or narrow the run?)", missing, len(res.Tests))
	case failed > 0:
		res.Stage, res.Problem = StageTests, fmt.Sprintf("%d of %d tests failed", failed, len(res.Tests))
	case skipped > 0:
		res.Stage, res.Problem = StageTests, fmt.Sprintf("%d test(s) were skipped; every hidden test must run and pass", skipped)
	case run.pkgAction != "pass":
		res.Stage, res.Problem = StageTests, "the test binary failed after its tests passed: "+firstLine(run.pkgOutput.String())
	}
}

// parseVet reads `go vet -json` output: stdout holds a stream of JSON
// objects, one per package, mapping package → analyzer → diagnostics (or an
// error); stderr holds "# pkg" headers and, when vet could not run, why. It
// returns the findings and a description of any failure.
func parseVet(stdout, stderr []byte) ([]Finding, string) {
	type diag struct {
		Posn    string `json:"posn"`
		Message string `json:"message"`
	}
	var findings []Finding
	var problems []string
	seen := map[Finding]bool{}
	dec := json.NewDecoder(bytes.NewReader(stdout))
	for {
		var tree map[string]map[string]json.RawMessage
		if err := dec.Decode(&tree); err != nil {
			if err != io.EOF {
				problems = append(problems, "unreadable vet output: "+err.Error())
			}
			break
		}
		for _, byAnalyzer := range tree {
			for analyzer, raw := range byAnalyzer {
				var diags []diag
				if json.Unmarshal(raw, &diags) != nil {
					var failure struct{ Error string }
					if json.Unmarshal(raw, &failure) == nil && failure.Error != "" {
						problems = append(problems, analyzer+": "+failure.Error)
					}
					continue
				}
				for _, d := range diags {
					f := Finding{Analyzer: analyzer, Posn: d.Posn, Message: d.Message}
					if !seen[f] {
						seen[f] = true
						findings = append(findings, f)
					}
				}
			}
		}
	}
	sort.SliceStable(findings, func(i, j int) bool { return findings[i].Posn < findings[j].Posn })
	for _, line := range strings.Split(string(stderr), "\n") {
		line = strings.TrimSpace(line)
		if line != "" && !strings.HasPrefix(line, "#") {
			problems = append(problems, line)
		}
	}
	return findings, strings.Join(problems, "; ")
}

// runGo runs the go command in dir. limit (when positive) caps its run
// time; cancelling ctx (Ctrl-C) kills it and every process it started.
// A non-zero exit is not an error (go test exits 1 for failing tests and
// the JSON stream says why); err is set only when the command could not run.
func runGo(ctx context.Context, dir, goCmd string, env []string, limit time.Duration, args ...string) (stdout, stderr []byte, err error) {
	if limit > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, limit)
		defer cancel()
	}
	cmd := exec.CommandContext(ctx, goCmd, args...)
	cmd.Dir = dir
	cmd.Env = append(append(os.Environ(), "GOWORK=off"), env...)
	killGroupOnCancel(cmd)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err = cmd.Run()
	var exitErr *exec.ExitError
	if errors.As(err, &exitErr) {
		err = nil
	}
	return out.Bytes(), errb.Bytes(), err
}
