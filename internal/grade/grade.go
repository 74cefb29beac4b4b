// Package grade runs drill's grading pipeline on one exercise package:
// build, drill's analyzers and the hidden tests under -race, then a verdict.
//
// A check copies the learner's package into a grading module drill owns
// (module.go) with drill's go.mod, harness and graded tests, under a fixed
// environment (env.go). The analyzers run through the go command's vet
// protocol (go vet -vettool=drill), concurrently with the build of the test
// binary, so the go command caches every dependency's analysis facts and a
// warm check costs little more than the test run itself. drill runs the
// test binary itself under a reaper (reap.go), and each test's result
// reaches it over a verdict channel the code under test cannot forge
// (channel.go); the printed output is for display only (judge.go).
// docs/grading-integrity.md says what this defends against and what not.
package grade

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"

	"golang.org/x/mod/modfile"
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
	Problem string `json:"problem,omitempty"`
	// Stages says for each stage whether it passed, failed or was
	// skipped, and why (verdict.go).
	Stages      []StageResult `json:"stages"`
	BuildOutput string        `json:"build_output,omitempty"`
	// Findings come from the exercise's own analyzers and decide the
	// verdict; Notes come from drill's other analyzers and do not.
	Findings []Finding `json:"findings"`
	Notes    []Finding `json:"notes"`
	Tests    []Test    `json:"tests"`
	Elapsed  float64   `json:"elapsed_seconds"`
	// Warnings say what the check could not keep (output cut at its cap).
	Warnings []string `json:"warnings,omitempty"`
	// took is how long each stage ran, by stage name (build and analyzers
	// run at the same time); settle copies it into Stages.
	took map[string]time.Duration
	// Files are the learner's files as graded (read once, before any of
	// them ran): what a pass proves.
	Files map[string][]byte `json:"-"`
}

// Request describes one check.
type Request struct {
	Root    string // the learner's workspace
	Package string // the exercise's folder below Root (and its import path below the module)
	// Analyzers are those whose findings decide the verdict; VetFlags are
	// passed to them through go vet (the policy analyzer's allow-list).
	Analyzers []string
	VetFlags  []string
	// Gate are analyzers whose findings stop the check before the tests
	// run: drill does not run code its grading policy refuses.
	Gate []string
	// Tests are the graded test files, from drill's curriculum: the
	// shipped visible tests and the hidden ones. Every top-level test in
	// them must report passing over the verdict channel.
	Tests map[string][]byte
	// GradeRoot is the grading module's folder (in drill's cache), built
	// from GoMod, GoSum and Harness: drill's own, never the workspace's.
	GradeRoot    string
	GoMod, GoSum []byte
	Harness      map[string][]byte // harness package files, at HarnessDir
	HarnessDir   string            // the harness's folder below GradeRoot
	// VerdictKey is the package that takes the verdict channel's secret
	// first, written at VerdictKeyDir.
	VerdictKey map[string][]byte
	Timeout    time.Duration // budget for running the tests
	// Self is drill's binary: go vet's -vettool, and the test binary's
	// reaper.
	Self  string
	GoCmd string // the go command; "go" when empty
	// TestEnv is added to the test binary's environment (the PostgreSQL
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
	res, err := check(ctx, req)
	if res != nil {
		res.settle()
	}
	return res, err
}

// check is Run up to the verdict: it sets the first failure (Stage,
// Problem) and leaves what follows from it to settle.
func check(ctx context.Context, req Request) (*Result, error) {
	start := time.Now()
	goCmd := req.GoCmd
	if goCmd == "" {
		goCmd = "go"
	}
	if _, err := exec.LookPath(goCmd); err != nil {
		return nil, &EnvError{Problem: "the go command is not on PATH", Remedy: "install Go 1.26 or newer from https://go.dev/dl and make sure `go version` works"}
	}
	if !reaperAvailable {
		return nil, &EnvError{Problem: "drill check grades on Linux and macOS only", Remedy: "run drill in WSL or a Linux container"}
	}
	// Before any secret exists in this process: code under test runs as
	// the same user and must not read drill's memory through /proc.
	hideMemory()
	res := &Result{ID: req.Package, Findings: []Finding{}, Notes: []Finding{}, Tests: []Test{}}
	learnerDir := filepath.Join(req.Root, filepath.FromSlash(req.Package))
	learner, err := LearnerFiles(learnerDir)
	if refused, ok := errors.AsType[*RefusedError](err); ok {
		refused.Path = path.Join(req.Package, refused.Path)
		res.Stage, res.Problem = StageBuild, refused.Error()
		return res, nil
	}
	if err != nil {
		return nil, err
	}
	res.Files = learner
	tmp, err := newCheckTemp()
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(tmp)
	env, err := newGoEnv(ctx, goCmd, tmp)
	if err != nil {
		return nil, err
	}
	if err := verifyModules(env.modCache, req.GoSum); err != nil {
		return nil, err
	}
	mod, err := openGradeModule(req)
	if err != nil {
		return nil, err
	}
	defer mod.close()
	modPath := modfile.ModulePath(req.GoMod)
	if err := mod.writePackage(learner, req.Tests, path.Join(modPath, req.HarnessDir), path.Join(modPath, VerdictKeyDir)); err != nil {
		return nil, err
	}

	pkg := "./" + req.Package
	var (
		wg             sync.WaitGroup
		vetOut, vetErr []byte
	)
	var vetTook time.Duration
	wg.Go(func() {
		// -race: vet sees exactly the files the test build compiles
		// (//go:build race included); ./...: every package of the fix.
		args := append([]string{"vet", "-race", "-vettool=" + req.Self, "-json"}, req.VetFlags...)
		vetStart := time.Now()
		vetOut, vetErr, _ = runGo(ctx, mod.root, goCmd, env.base, 10*time.Minute, append(args, pkg+"/...")...)
		vetTook = time.Since(vetStart)
	})
	buildStart := time.Now()
	bin, buildOut, buildErr := buildTestBinary(ctx, goCmd, env, mod.root, pkg)
	buildTook := time.Since(buildStart)
	wg.Wait()
	res.took = map[string]time.Duration{StageBuild: buildTook, StageAnalyzers: vetTook}
	if ctx.Err() != nil {
		return nil, ctx.Err()
	}
	if buildErr != nil {
		return nil, fmt.Errorf("cannot run go test: %w", buildErr)
	}
	show := func(s string) string { return strings.ReplaceAll(s, mod.pkgDir, learnerDir) }
	if envErr := raceUnavailable(string(buildOut)); envErr != nil {
		return nil, envErr
	}
	findings, vetProblem := parseVet(vetOut, vetErr)
	for _, f := range findings {
		if isTestFile(f.Posn) {
			// drill's own graded tests are vetted with the package (its
			// test variant), but they are not the learner's to fix.
			continue
		}
		f = f.WithPaths(show)
		if slices.Contains(req.Analyzers, f.Analyzer) {
			res.Findings = append(res.Findings, f)
		} else {
			res.Notes = append(res.Notes, f)
		}
	}
	if bin == "" {
		res.Stage, res.Problem, res.BuildOutput = StageBuild, "the code does not compile", show(string(buildOut))
		if envErr := moduleUnavailable(res.BuildOutput); envErr != nil {
			return nil, envErr
		}
		if why := foreignImport(res.BuildOutput); why != "" {
			res.Problem = why
		}
		res.Elapsed = time.Since(start).Seconds()
		return res, nil
	}
	if gated := slices.IndexFunc(res.Findings, func(f Finding) bool { return slices.Contains(req.Gate, f.Analyzer) }); gated >= 0 {
		res.Stage = StageAnalyzers
		res.Problem = fmt.Sprintf("%d finding(s) from %s: drill does not run code its grading policy refuses", len(res.Findings), res.Findings[gated].Analyzer)
		for _, name := range TestNames(req.Tests) {
			res.Tests = append(res.Tests, Test{Name: name, Status: StatusNotRun, Output: "not run: the grading policy refused the code"})
		}
		res.Elapsed = time.Since(start).Seconds()
		return res, nil
	}
	// The sources of drill's tests are gone before any learner code runs.
	mod.removeTests(req.Tests)
	timeout := req.Timeout
	if timeout <= 0 {
		timeout = time.Minute
	}
	testEnv, err := env.testBinaryEnv(req.TestEnv)
	if err != nil {
		return nil, err
	}
	testStart := time.Now()
	ran, err := runTestBinary(ctx, req.Self, bin, mod.pkgDir, testEnv, timeout, timeout+2*time.Minute)
	res.took[StageTests] = time.Since(testStart)
	if ctx.Err() != nil {
		return nil, ctx.Err()
	}
	if err != nil {
		return nil, err
	}
	events, err := toJSON(ctx, goCmd, env.base, modPath+"/"+req.Package, ran.output)
	if err != nil {
		return nil, err
	}
	run := parseTestJSON(bytes.NewReader([]byte(show(string(events)))))
	if ran.cut != "" {
		res.Warnings = append(res.Warnings, ran.cut)
	}
	judge(res, run, ran.reports, ran.exit, TestNames(req.Tests), timeout)
	if ran.killed && res.Stage == "" {
		res.Stage, res.Problem = StageTests, "the test binary outlived its time budget"
	}
	for i, t := range res.Tests {
		if t.Status == StatusCrashed || t.Status == StatusTimeout {
			res.Tests[i].Where = learnerFrame(run.rawOutput(t.Name), learnerDir)
		}
	}
	if res.Stage == "" && vetProblem != "" && len(res.Findings) == 0 {
		// The tests passed but the analyzers could not run: do not call
		// that solved, a finding may be hiding behind the failure.
		res.Stage, res.Problem = StageAnalyzers, "drill's analyzers could not run: "+show(vetProblem)
	}
	res.Elapsed = time.Since(start).Seconds()
	return res, nil
}

// isTestFile reports whether a finding's position (file:line:col) is in a
// _test.go file; learner test files are never copied, so those are drill's.
func isTestFile(posn string) bool {
	file, _, _ := strings.Cut(posn, ":")
	return strings.HasSuffix(file, "_test.go")
}

// runGo runs the go command in dir with exactly env. limit (when positive) caps its run
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
	cmd.Env = env
	killGroupOnCancel(cmd)
	out, errb := newCapped(), newCapped()
	cmd.Stdout, cmd.Stderr = out, errb
	err = cmd.Run()
	if _, ok := errors.AsType[*exec.ExitError](err); ok {
		err = nil
	}
	if ctx.Err() == context.DeadlineExceeded {
		fmt.Fprintf(errb, "\ngo %s: stopped after %s\n", args[0], limit)
	}
	return append(out.Bytes(), out.note()...), append(errb.Bytes(), errb.note()...), err
}
