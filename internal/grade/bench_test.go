package grade

import (
	"context"
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
	code := ex.SolvedCode()
	if err := workspace.WriteFiles(ws.ExerciseDir(ex.ID), code); err != nil {
		b.Fatal(err)
	}
	req := Request{
		Root: ws.Root, Package: ex.ID, Analyzers: ex.Analyzers, Hidden: ex.Hidden,
		Harness: exercises.HarnessFiles(), HarnessDir: "harness", Timeout: ex.Timeout, VetTool: drill,
	}
	overlayDir := b.TempDir()
	overlay, err := writeOverlay(overlayDir, req)
	if err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	plain := func() {
		_, stderr, err := runGo(ctx, ws.Root, "go", nil, 0, "test", "-race", "-count=1", "-json", "-vet=off", "-overlay="+overlay, "./"+ex.ID)
		if err != nil {
			b.Fatalf("go test: %v\n%s", err, stderr)
		}
	}
	check := func() {
		res, err := Run(ctx, req)
		if err != nil || !res.Solved {
			b.Fatalf("reference fix not solved: %v %+v", err, res)
		}
	}
	edit := func(i int) {
		for name, data := range code {
			if strings.HasSuffix(name, ".go") {
				edited := append([]byte(nil), data...)
				edited = append(edited, fmt.Sprintf("\n// edit %d %d\n", i, time.Now().UnixNano())...)
				if err := os.WriteFile(filepath.Join(ws.ExerciseDir(ex.ID), filepath.FromSlash(name)), edited, 0o644); err != nil {
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
