package grade

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/drillhq/drill/analyzers"
	"github.com/drillhq/drill/exercises"
	"github.com/drillhq/drill/internal/exercise"
	"github.com/drillhq/drill/internal/pgserver"
	"github.com/drillhq/drill/internal/workspace"
)

// BenchmarkCheckVsGoTest measures what drill check costs on top of the
// hidden tests themselves: each iteration edits the exercise (as a learner
// does between checks), then times a plain `go test -race -count=1` of the
// package with the same hidden tests, then a full grading run (vet with
// drill's analyzers alongside the same go test). It reports the ratio,
// which is what the 1.3x target is about; absolute times on a shared
// machine mean little.
//
// DRILL_BENCH_EXERCISE picks the exercise (default: the first one with a
// database in the curriculum, admin-lookup).
func BenchmarkCheckVsGoTest(b *testing.B) {
	id := os.Getenv("DRILL_BENCH_EXERCISE")
	if id == "" {
		id = "admin-lookup"
	}
	s := newBenchSetup(b, id, nil)
	s.compare(b, nil, func() {})
}

// BenchmarkPostgresCheckVsGoTest is the same for a PostgreSQL exercise: the
// plain go test runs against a server that is already up, while each
// check pays for what drill check does, starting a private server from
// the template and removing it afterwards.
func BenchmarkPostgresCheckVsGoTest(b *testing.B) {
	if _, err := pgserver.FindBin(""); err != nil {
		b.Skip(err)
	}
	cache := b.TempDir()
	running, err := pgserver.Start(context.Background(), pgserver.Options{Cache: cache})
	if err != nil {
		b.Fatal(err)
	}
	defer running.Stop()
	env := []string{"DRILL_POSTGRES_URL=" + running.URL}
	s := newBenchSetup(b, "stock-reservation", env)
	s.compare(b, env, func() {
		// As drill check does: the server launches while the test binary
		// builds, and is removed after the verdict.
		srv, err := pgserver.Prepare(context.Background(), pgserver.Options{Cache: cache})
		if err != nil {
			b.Fatal(err)
		}
		launched := make(chan error, 1)
		go func() { launched <- srv.Launch(context.Background()) }()
		s.req.TestEnv = []string{"DRILL_POSTGRES_URL=" + srv.URL}
		s.after = func() {
			if err := <-launched; err != nil {
				b.Fatal(err)
			}
			srv.Stop()
		}
	})
}

type benchSetup struct {
	ws      *workspace.Workspace
	ex      *exercise.Exercise
	req     Request
	overlay string
	after   func()
}

func newBenchSetup(b *testing.B, id string, env []string) *benchSetup {
	pack, err := exercise.Load(exercises.Curriculum(), "embedded curriculum", func(n string) bool { return analyzers.ByName(n) != nil })
	if err != nil {
		b.Fatal(err)
	}
	ex, ok := pack.Get(id)
	if !ok {
		b.Fatalf("no exercise %q in the curriculum", id)
	}
	tmp := b.TempDir()
	drill := filepath.Join(tmp, "drill")
	if out, err := exec.Command("go", "build", "-o", drill, "github.com/drillhq/drill/cmd/drill").CombinedOutput(); err != nil {
		b.Fatalf("building drill: %v\n%s", err, out)
	}
	ws, _, err := workspace.Init(filepath.Join(tmp, "ws"))
	if err != nil {
		b.Fatal(err)
	}
	if err := workspace.WriteFiles(ws.ExerciseDir(ex.ID), ex.SolvedCode()); err != nil {
		b.Fatal(err)
	}
	req := Request{
		Root: ws.Root, Package: ex.ID, Analyzers: ex.Analyzers, Tests: ex.GradedTestFiles(),
		GradeRoot: filepath.Join(tmp, "grade"), GoMod: workspace.GoMod(), GoSum: workspace.GoSum(),
		Harness: exercises.HarnessFiles(), VerdictKey: exercises.VerdictKeyFiles(), HarnessDir: "harness", Timeout: ex.Timeout, Self: drill,
		TestEnv: env,
	}
	overlay, err := writeOverlay(b.TempDir(), req)
	if err != nil {
		b.Fatal(err)
	}
	return &benchSetup{ws: ws, ex: ex, req: req, overlay: overlay}
}

// compare times plain go test runs (with plainEnv) against grading runs,
// each after an edit; prepare runs inside the timed part of every check.
func (s *benchSetup) compare(b *testing.B, plainEnv []string, prepare func()) {
	ctx := context.Background()
	plain := func() {
		_, stderr, err := runGo(ctx, s.ws.Root, "go", append(os.Environ(), plainEnv...), 0, "test", "-race", "-count=1", "-json", "-vet=off", "-overlay="+s.overlay, "./"+s.ex.ID)
		if err != nil {
			b.Fatalf("go test: %v\n%s", err, stderr)
		}
	}
	check := func() {
		prepare()
		res, err := Run(ctx, s.req)
		if s.after != nil {
			s.after()
		}
		if err != nil || !res.Solved {
			b.Fatalf("reference fix not solved: %v %+v", err, res)
		}
	}
	code := s.ex.SolvedCode()
	edit := func(i int) {
		for name, data := range code {
			if strings.HasSuffix(name, ".go") {
				edited := append([]byte(nil), data...)
				edited = append(edited, fmt.Sprintf("\n// edit %d %d\n", i, time.Now().UnixNano())...)
				if err := os.WriteFile(filepath.Join(s.ws.ExerciseDir(s.ex.ID), filepath.FromSlash(name)), edited, 0o644); err != nil {
					b.Fatal(err)
				}
			}
		}
	}
	// Warm the build and vet caches: the target is about a warm cache.
	plain()
	check()
	var plainTotal, checkTotal time.Duration
	b.ResetTimer()
	for i := range b.N {
		edit(2 * i)
		start := time.Now()
		plain()
		plainTotal += time.Since(start)
		edit(2*i + 1)
		start = time.Now()
		check()
		checkTotal += time.Since(start)
	}
	b.ReportMetric(float64(checkTotal)/float64(plainTotal), "check/gotest")
	b.ReportMetric(plainTotal.Seconds()/float64(b.N), "gotest-s/op")
	b.ReportMetric(checkTotal.Seconds()/float64(b.N), "check-s/op")
}

// writeOverlay stores the graded tests and the harness in tmp and returns
// the path of an overlay file that places them in the learner's workspace:
// how a plain go test of the same package sees them.
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
	if err := add(filepath.Join(req.Root, req.Package), req.Tests, "test"); err != nil {
		return "", err
	}
	if err := add(filepath.Join(req.Root, req.HarnessDir), req.Harness, "harness"); err != nil {
		return "", err
	}
	data, err := json.Marshal(map[string]any{"Replace": replace})
	if err != nil {
		return "", err
	}
	path := filepath.Join(tmp, "overlay.json")
	return path, os.WriteFile(path, data, 0o644)
}
