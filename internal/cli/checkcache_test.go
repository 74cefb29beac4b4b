package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/drillhq/drill/internal/exercise"
	"github.com/drillhq/drill/internal/grade"
	"github.com/drillhq/drill/internal/workspace"
)

// cacheFixture is a workspace with one exercise folder, a stand-in for the
// drill binary, and an environment of its own (the progress key included).
type cacheFixture struct {
	c   *inv
	ws  *workspace.Workspace
	ex  *exercise.Exercise
	env map[string]string
}

func newCacheFixture(t *testing.T) *cacheFixture {
	t.Helper()
	dir := t.TempDir()
	ws, _, err := workspace.Init(filepath.Join(dir, "ws"))
	if err != nil {
		t.Fatal(err)
	}
	self := filepath.Join(dir, "drill")
	write(t, self, "binary v1")
	f := &cacheFixture{
		ws:  ws,
		ex:  &exercise.Exercise{ID: "totals", Code: map[string][]byte{"totals.go": []byte("package totals\n")}, Timeout: time.Second},
		env: map[string]string{workspace.ConfigEnv: filepath.Join(dir, "config"), "DRILL_CACHE": filepath.Join(dir, "cache")},
	}
	f.c = &inv{Env: Env{Dir: ws.Root, Self: self, Getenv: func(k string) string { return f.env[k] }, Now: time.Now}}
	write(t, filepath.Join(ws.ExerciseDir("totals"), "totals.go"), "package totals\n")
	return f
}

func write(t *testing.T, path, content string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

func (f *cacheFixture) key(t *testing.T) string {
	t.Helper()
	k, err := verdictKey(f.c, f.ws, f.ex)
	if err != nil {
		t.Fatal(err)
	}
	if k == "" {
		t.Fatal("no key")
	}
	return k
}

// Every input a verdict depends on changes the key; nothing else does.
func TestVerdictKey(t *testing.T) {
	t.Setenv("GOFLAGS", "")
	f := newCacheFixture(t)
	exDir := f.ws.ExerciseDir("totals")
	seen := map[string]string{f.key(t): "start"}
	if again := f.key(t); seen[again] != "start" {
		t.Fatal("the same inputs gave another key")
	}
	changes := []struct {
		name   string
		change func()
	}{
		{"graded file edited", func() { write(t, filepath.Join(exDir, "totals.go"), "package totals // edited\n") }},
		{"file not graded added", func() { write(t, filepath.Join(exDir, "notes.txt"), "todo") }},
		{"file in a subfolder", func() { write(t, filepath.Join(exDir, "inner", "inner.go"), "package inner\n") }},
		{"file renamed", func() {
			if err := os.Rename(filepath.Join(exDir, "notes.txt"), filepath.Join(exDir, "notes.md")); err != nil {
				t.Fatal(err)
			}
		}},
		{"symlink", func() {
			if err := os.Symlink("totals.go", filepath.Join(exDir, "link.go")); err != nil {
				t.Fatal(err)
			}
		}},
		{"shipped code", func() { f.ex.Code = map[string][]byte{"totals.go": []byte("package totals // v2\n")} }},
		{"hidden tests", func() { f.ex.Hidden = map[string][]byte{"totals_test.go": []byte("package totals\n")} }},
		{"analyzers", func() { f.ex.Analyzers = []string{"lockleak"} }},
		{"timeout", func() { f.ex.Timeout = 2 * time.Second }},
		{"database", func() { f.ex.Database = exercise.Postgres }},
		{"go environment", func() { t.Setenv("GOFLAGS", "-tags=x") }},
		{"another go command", func() {
			bin := t.TempDir()
			write(t, filepath.Join(bin, "go"), "#!/bin/sh\n")
			if err := os.Chmod(filepath.Join(bin, "go"), 0o755); err != nil {
				t.Fatal(err)
			}
			t.Setenv("PATH", bin+string(filepath.ListSeparator)+os.Getenv("PATH"))
		}},
		{"PostgreSQL server", func() { f.env[PostgresURLEnv] = "postgres://elsewhere" }},
		{"drill rebuilt", func() { write(t, f.c.Self, "binary v2, longer") }},
	}
	for _, ch := range changes {
		ch.change()
		k := f.key(t)
		if prev, ok := seen[k]; ok {
			t.Errorf("%s: key unchanged (same as after %s)", ch.name, prev)
		}
		seen[k] = ch.name
	}

	// Outside the folder and the environment that matters: no change.
	before := f.key(t)
	write(t, filepath.Join(f.ws.Root, "scratch.txt"), "x")
	f.env["EDITOR"] = "vi"
	t.Setenv("EDITOR", "vi")
	t.Setenv("PATH", t.TempDir()+string(filepath.ListSeparator)+os.Getenv("PATH")) // the same go first
	if f.key(t) != before {
		t.Error("a file outside the exercise folder or an unrelated variable changed the key")
	}

	// No binary to name: no key, so no caching.
	f.c.Self = filepath.Join(t.TempDir(), "gone")
	if k, err := verdictKey(f.c, f.ws, f.ex); err != nil || k != "" {
		t.Errorf("without a binary: key %q, %v; want none", k, err)
	}
}

func failing(id string) *grade.Result {
	return &grade.Result{ID: id, Stage: grade.StageTests, Problem: "1 of 2 tests failed",
		Stages: []grade.StageResult{{Name: grade.StageBuild, Status: grade.StagePassed}, {Name: grade.StageTests, Status: grade.StageFailed, Detail: "1 of 2 tests failed"}},
		Tests:  []grade.Test{{Name: "TestTotal", Status: "fail", Output: "want 355"}}}
}

func solved(id string) *grade.Result {
	return &grade.Result{ID: id, Solved: true, Stages: []grade.StageResult{{Name: grade.StageTests, Status: grade.StagePassed}}}
}

// A stored verdict answers only for its key, and a "solved" one only over a
// sealed solve of the files in the folder now.
func TestCachedVerdict(t *testing.T) {
	f := newCacheFixture(t)
	tg := &target{ws: f.ws, ex: f.ex}
	key := f.key(t)
	at := time.Date(2026, 3, 4, 14, 2, 0, 0, time.UTC)
	if v := cachedVerdict(f.c, tg, key); v != nil {
		t.Fatal("a verdict before any check")
	}
	if err := storeVerdict(f.ws, key, at, failing("totals")); err != nil {
		t.Fatal(err)
	}
	v := cachedVerdict(f.c, tg, key)
	if v == nil || !v.At.Equal(at) || v.Result.Problem != "1 of 2 tests failed" || v.Result.Tests[0].Output != "want 355" {
		t.Fatalf("stored failing verdict read back as %+v", v)
	}
	if cachedVerdict(f.c, tg, key+"0") != nil {
		t.Error("a verdict answered for another key")
	}
	if cachedVerdict(f.c, &target{ws: f.ws, ex: &exercise.Exercise{ID: "greeting"}}, key) != nil {
		t.Error("a verdict answered for another exercise")
	}

	// "Solved" without a sealed solve: a forgery, or a solve never sealed.
	if err := storeVerdict(f.ws, key, at, solved("totals")); err != nil {
		t.Fatal(err)
	}
	if cachedVerdict(f.c, tg, key) != nil {
		t.Fatal("a solved verdict was shown without a sealed solve")
	}
	files, err := grade.LearnerFiles(f.ws.ExerciseDir("totals"))
	if err != nil {
		t.Fatal(err)
	}
	seal := func(files map[string][]byte) {
		t.Helper()
		err := f.ws.Update(func(st *workspace.State) error {
			ev, err := workspace.LoadEvidence(f.c.Getenv)
			if err != nil {
				return err
			}
			p := st.Get("totals")
			*p = workspace.Progress{}
			ev.Seal("totals", p, files, at)
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	seal(map[string][]byte{"totals.go": []byte("package totals // the fix\n")})
	if cachedVerdict(f.c, tg, key) != nil {
		t.Error("a solved verdict was shown over a solve of other files")
	}
	seal(files)
	if cachedVerdict(f.c, tg, key) == nil {
		t.Error("a solved verdict over a sealed solve of the same files was not shown")
	}

	// A damaged file is no verdict.
	write(t, verdictPath(f.ws, "totals"), `{"key": "`+key+`", "result": {"id": "totals", "solved": fal`)
	if cachedVerdict(f.c, tg, key) != nil {
		t.Error("a damaged verdict file was read")
	}
}

func TestCacheable(t *testing.T) {
	if !cacheable(failing("totals")) {
		t.Error("a failing test's verdict is not kept")
	}
	timedOut := failing("totals")
	timedOut.Tests = append(timedOut.Tests, grade.Test{Name: "TestWait", Status: grade.StatusTimeout})
	if cacheable(timedOut) {
		t.Error("a timeout's verdict is kept: the next check would not try again")
	}
}

func TestCachedNote(t *testing.T) {
	at := time.Date(2026, 3, 4, 14, 2, 0, 0, time.Local)
	if got := cachedNote(at.Add(time.Hour), at); got != "unchanged since your check at 14:02: showing that verdict; drill check --force re-runs it" {
		t.Errorf("same day: %q", got)
	}
	if got := cachedNote(at.AddDate(0, 0, 1), at); !strings.Contains(got, "at Mar 4 14:02:") {
		t.Errorf("next day: %q, want the date", got)
	}
}

// The slow-first-check marker is per drill build, and only a check that got
// as far as the analyzers writes it.
func TestVetMarker(t *testing.T) {
	f := newCacheFixture(t)
	if !slowFirstCheck(f.c) {
		t.Fatal("no notice before any check")
	}
	buildFailed := &grade.Result{Stages: []grade.StageResult{{Name: grade.StageBuild, Status: grade.StageFailed}, {Name: grade.StageAnalyzers, Status: grade.StageSkipped}}}
	markVetted(f.c, buildFailed)
	if !slowFirstCheck(f.c) {
		t.Error("a check stopped by the build marked the analyzers done")
	}
	markVetted(f.c, &grade.Result{Stages: []grade.StageResult{{Name: grade.StageAnalyzers, Status: grade.StageFailed}}})
	if slowFirstCheck(f.c) {
		t.Error("notice still due after the analyzers ran")
	}
	write(t, f.c.Self, "binary v2, rebuilt")
	if !slowFirstCheck(f.c) {
		t.Error("a rebuilt drill has no notice")
	}
}

// Compiler positions relative to the workspace become absolute; others stay.
func TestAbsBuildPaths(t *testing.T) {
	out := "# drill.workspace/totals [drill.workspace/totals.test]\ntotals/totals.go:5:9: undefined: nope\n\ttotals/inner/x.go:1:2: also\nsee totals/not-a-position\nother/x.go:1:1: elsewhere"
	want := "# drill.workspace/totals [drill.workspace/totals.test]\n/w$1/totals/totals.go:5:9: undefined: nope\n\t/w$1/totals/inner/x.go:1:2: also\nsee totals/not-a-position\nother/x.go:1:1: elsewhere"
	if got := absBuildPaths("/w$1", "totals", out); got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
	if got := absBuildPaths("/w", "totals", ""); got != "" {
		t.Errorf("empty output became %q", got)
	}
}
