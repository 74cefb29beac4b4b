package grade

import "fmt"

// Stage statuses. A stage is skipped when an earlier one decided the
// verdict without it (nothing runs that does not compile, nor code the
// grading policy refuses).
const (
	StagePassed  = "pass"
	StageFailed  = "fail"
	StageSkipped = "skip"
)

// Why a stage did not run; said the same way wherever it applies.
const (
	skipNotCompiled = "not run: the code must compile first"
	skipRefused     = "not run: drill does not run code its grading policy refuses"
)

// StageResult is one stage's part of the verdict. Result.Stages lists
// build, analyzers and tests in that order, so drill check and drill verify
// say the same about each stage without working it out again.
type StageResult struct {
	Name   string `json:"name"`   // StageBuild, StageAnalyzers or StageTests
	Status string `json:"status"` // StagePassed, StageFailed or StageSkipped
	// Detail says in one line why the stage failed or was skipped, or for
	// passing tests how many ran; a passing build or analyzers stage has
	// nothing to add.
	Detail string `json:"detail,omitempty"`
	// Seconds is how long the stage ran; 0 for a stage that did not run.
	// The build and the analyzers run at the same time, so the stages'
	// seconds add up to more than the whole check's.
	Seconds float64 `json:"seconds,omitempty"`
}

// Fail marks a graded result not solved at stage (one of the Stage
// constants) for a reason found after grading, such as learner code that
// rewrote drill's progress files while its tests ran. Stages follow.
func (r *Result) Fail(stage, problem string) {
	r.Stage, r.Problem = stage, problem
	r.settle()
}

// StageStatus is the status of the named stage, or "" when the result has
// no such stage.
func (r *Result) StageStatus(name string) string {
	for _, s := range r.Stages {
		if s.Name == name {
			return s.Status
		}
	}
	return ""
}

// settle derives what follows from the first failure (Stage, Problem) and
// the findings and tests: whether the exercise is solved and each stage's
// status. Every Result that leaves this package goes through it.
func (r *Result) settle() {
	r.Solved = r.Stage == ""
	r.Stages = stagesOf(r)
	for i, st := range r.Stages {
		if st.Status != StageSkipped {
			r.Stages[i].Seconds = r.took[st.Name].Seconds()
		}
	}
}

// stagesOf works out each stage's status and detail.
func stagesOf(r *Result) []StageResult {
	if r.Stage == StageBuild {
		return []StageResult{
			{Name: StageBuild, Status: StageFailed, Detail: r.Problem},
			{Name: StageAnalyzers, Status: StageSkipped, Detail: skipNotCompiled},
			{Name: StageTests, Status: StageSkipped, Detail: skipNotCompiled},
		}
	}
	return []StageResult{{Name: StageBuild, Status: StagePassed}, analyzersStage(r), testsStage(r)}
}

func analyzersStage(r *Result) StageResult {
	s := StageResult{Name: StageAnalyzers, Status: StagePassed}
	switch {
	case len(r.Findings) > 0:
		// Findings fail the stage even when a later failure (one found
		// after grading) became the result's Stage.
		s.Status, s.Detail = StageFailed, fmt.Sprintf("%d finding(s)", len(r.Findings))
	case r.Stage == StageAnalyzers:
		// The analyzers could not run: no finding, but no pass either.
		s.Status, s.Detail = StageFailed, r.Problem
	}
	return s
}

func testsStage(r *Result) StageResult {
	passed, notRun := 0, 0
	for _, t := range r.Tests {
		switch t.Status {
		case "pass":
			passed++
		case StatusNotRun:
			notRun++
		}
	}
	s := StageResult{Name: StageTests}
	switch {
	case len(r.Tests) > 0 && notRun == len(r.Tests):
		s.Status, s.Detail = StageSkipped, skipRefused
	case r.Stage == StageTests:
		s.Status, s.Detail = StageFailed, r.Problem
	case r.Stage == StageAnalyzers && passed < len(r.Tests), len(r.Tests) == 0:
		// The analyzers decided the verdict (or no test was graded at
		// all): the tests' own count says what they showed.
		s.Status, s.Detail = StageFailed, fmt.Sprintf("%d of %d tests failed", len(r.Tests)-passed, len(r.Tests))
	default:
		s.Status, s.Detail = StagePassed, fmt.Sprintf("%d hidden tests under -race", passed)
	}
	return s
}
