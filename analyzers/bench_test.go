package analyzers_test

import (
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"slices"
	syncatomic "sync/atomic"
	"testing"
	"time"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/checker"
	"golang.org/x/tools/go/analysis/passes/appends"
	"golang.org/x/tools/go/analysis/passes/asmdecl"
	"golang.org/x/tools/go/analysis/passes/assign"
	"golang.org/x/tools/go/analysis/passes/atomic"
	"golang.org/x/tools/go/analysis/passes/bools"
	"golang.org/x/tools/go/analysis/passes/buildtag"
	"golang.org/x/tools/go/analysis/passes/cgocall"
	"golang.org/x/tools/go/analysis/passes/composite"
	"golang.org/x/tools/go/analysis/passes/copylock"
	"golang.org/x/tools/go/analysis/passes/defers"
	"golang.org/x/tools/go/analysis/passes/directive"
	"golang.org/x/tools/go/analysis/passes/errorsas"
	"golang.org/x/tools/go/analysis/passes/framepointer"
	"golang.org/x/tools/go/analysis/passes/httpresponse"
	"golang.org/x/tools/go/analysis/passes/ifaceassert"
	"golang.org/x/tools/go/analysis/passes/loopclosure"
	"golang.org/x/tools/go/analysis/passes/lostcancel"
	"golang.org/x/tools/go/analysis/passes/nilfunc"
	"golang.org/x/tools/go/analysis/passes/printf"
	"golang.org/x/tools/go/analysis/passes/shift"
	"golang.org/x/tools/go/analysis/passes/sigchanyzer"
	"golang.org/x/tools/go/analysis/passes/slog"
	"golang.org/x/tools/go/analysis/passes/stdmethods"
	"golang.org/x/tools/go/analysis/passes/stdversion"
	"golang.org/x/tools/go/analysis/passes/stringintconv"
	"golang.org/x/tools/go/analysis/passes/structtag"
	"golang.org/x/tools/go/analysis/passes/testinggoroutine"
	"golang.org/x/tools/go/analysis/passes/tests"
	"golang.org/x/tools/go/analysis/passes/timeformat"
	"golang.org/x/tools/go/analysis/passes/unmarshal"
	"golang.org/x/tools/go/analysis/passes/unreachable"
	"golang.org/x/tools/go/analysis/passes/unsafeptr"
	"golang.org/x/tools/go/analysis/passes/unusedresult"
	"golang.org/x/tools/go/analysis/passes/waitgroup"
	"golang.org/x/tools/go/packages"

	"github.com/drillhq/drill/analyzers"
)

// vetSuite is the analyzer set cmd/vet runs: the yardstick drill-vet's cost
// is measured against.
var vetSuite = []*analysis.Analyzer{
	appends.Analyzer, asmdecl.Analyzer, assign.Analyzer, atomic.Analyzer, bools.Analyzer,
	buildtag.Analyzer, cgocall.Analyzer, composite.Analyzer, copylock.Analyzer, defers.Analyzer,
	directive.Analyzer, errorsas.Analyzer, framepointer.Analyzer, httpresponse.Analyzer,
	ifaceassert.Analyzer, loopclosure.Analyzer, lostcancel.Analyzer, nilfunc.Analyzer,
	printf.Analyzer, shift.Analyzer, sigchanyzer.Analyzer, slog.Analyzer, stdmethods.Analyzer,
	stdversion.Analyzer, stringintconv.Analyzer, structtag.Analyzer, testinggoroutine.Analyzer,
	tests.Analyzer, timeformat.Analyzer, unmarshal.Analyzer, unreachable.Analyzer,
	unsafeptr.Analyzer, unusedresult.Analyzer, waitgroup.Analyzer,
}

// realPackages are real packages the two suites are compared on: the
// standard library's HTTP and SQL stack, where drill's fact analyzers only
// run where no facts are involved (the standard library's behaviour is
// built in), and a real application, drill itself, whose packages use
// database/sql, net/http and goroutines and so get drill's full work.
var realPackages = map[string][]string{
	"std": {"net/http", "database/sql", "encoding/json", "net/http/httputil"},
	"app": {"github.com/drillhq/drill/..."},
}

// cost is what one standalone run of a suite took.
type cost struct {
	wall  time.Duration
	alloc uint64 // bytes allocated
	peak  uint64 // the most live heap the run held at once
}

// peakGCPercent is the GOGC the peak is measured under. The memory a run
// needs is its live heap at its fullest; the process's footprint is that
// times (1+GOGC/100). At the default GOGC a collection comes only when the
// heap has doubled, so the live heap is seen seldom and at points that
// move from run to run (two runs of the same suite differed by 20 %).
// Collecting every 10 % of growth sees it closely.
const peakGCPercent = 10

// runSuite loads pkgs the way a standalone multichecker does (go/packages
// loads everything from source, then checker analyzes the whole graph,
// facts included) and analyzes them with set. Time and allocation are
// measured at the default GOGC; the peak in a second run under
// peakGCPercent.
func runSuite(b *testing.B, set []*analysis.Analyzer, pkgs []string) cost {
	var c cost
	c.wall, c.alloc, _ = analyze(b, set, pkgs)
	old := debug.SetGCPercent(peakGCPercent)
	defer debug.SetGCPercent(old)
	_, _, c.peak = analyze(b, set, pkgs)
	return c
}

// analyze is one load and analysis of pkgs with set.
func analyze(b *testing.B, set []*analysis.Analyzer, pkgs []string) (wall time.Duration, alloc, peak uint64) {
	runtime.GC() // the previous run's graph is garbage: start level
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	stop, sampled := samplePeak()
	start := time.Now()
	loaded, err := packages.Load(&packages.Config{Mode: packages.LoadAllSyntax}, pkgs...)
	if err != nil {
		b.Fatal(err)
	}
	set, atEnd := measureAtEnd(set, len(loaded))
	graph, err := checker.Analyze(set, loaded, nil)
	if err != nil {
		b.Fatal(err)
	}
	wall = time.Since(start)
	runtime.KeepAlive(graph)
	stop()
	runtime.ReadMemStats(&after)
	high := max(*sampled, *atEnd)
	return wall, after.TotalAlloc - before.TotalAlloc, high - min(high, before.HeapAlloc)
}

// samplePeakEvery is how often the live heap is read: the runtime updates
// it once per collection, which under peakGCPercent comes every few
// milliseconds to every few hundred.
const samplePeakEvery = 2 * time.Millisecond

// samplePeak records the highest live heap (as the last collection found
// it) until stop is called.
func samplePeak() (stop func(), peak *uint64) {
	peak = new(uint64)
	done := make(chan struct{})
	finished := make(chan struct{})
	sample := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
	go func() {
		defer close(finished)
		t := time.NewTicker(samplePeakEvery)
		defer t.Stop()
		for {
			metrics.Read(sample)
			*peak = max(*peak, sample[0].Value.Uint64())
			select {
			case <-done:
				return
			case <-t.C:
			}
		}
	}()
	return func() { close(done); <-finished }, peak
}

// measureAtEnd wraps the analyzers of set so that the last of their runs
// to finish collects garbage and records the live heap. That moment is
// when the driver holds the most: every package's results are kept until
// the whole analysis returns (and then dropped, unless a root's), and the
// sampled collections can miss it by up to one collection's growth.
// Each analyzer runs once on each of the roots packages loaded. The wrapped
// analyzers must not be required by one another, or the
// originals would run as well.
func measureAtEnd(set []*analysis.Analyzer, roots int) ([]*analysis.Analyzer, *uint64) {
	atEnd := new(uint64)
	var left syncatomic.Int64
	left.Store(int64(len(set) * roots))
	var out []*analysis.Analyzer
	for _, a := range set {
		for _, other := range set {
			if slices.Contains(other.Requires, a) {
				panic(a.Name + " is required by " + other.Name + ": it cannot be wrapped")
			}
		}
		w := *a
		w.Run = func(pass *analysis.Pass) (any, error) {
			res, err := a.Run(pass)
			if left.Add(-1) == 0 {
				runtime.GC()
				var ms runtime.MemStats
				runtime.ReadMemStats(&ms)
				*atEnd = ms.HeapAlloc
			}
			return res, err
		}
		out = append(out, &w)
	}
	return out, atEnd
}

// BenchmarkDrillVetVsVetSuite runs both analyzer sets standalone over the
// same packages, the standard library's and a real application's, and
// reports drill-vet's cost as ratios of the vet suite's: wall time, bytes
// allocated, and peak heap (the memory a CI runner must have). The target
// for each is at most 1.
func BenchmarkDrillVetVsVetSuite(b *testing.B) {
	for _, name := range []string{"std", "app"} {
		pkgs := realPackages[name]
		b.Run(name, func(b *testing.B) {
			analyze(b, vetSuite, pkgs) // warm the go list and export caches for both
			var vet, drill cost
			b.ResetTimer()
			for range b.N {
				v := runSuite(b, vetSuite, pkgs)
				d := runSuite(b, analyzers.Vet(), pkgs)
				vet.wall, vet.alloc, vet.peak = vet.wall+v.wall, vet.alloc+v.alloc, vet.peak+v.peak
				drill.wall, drill.alloc, drill.peak = drill.wall+d.wall, drill.alloc+d.alloc, drill.peak+d.peak
			}
			b.ReportMetric(float64(drill.wall)/float64(vet.wall), "drillvet/vetsuite-time")
			b.ReportMetric(float64(drill.alloc)/float64(vet.alloc), "drillvet/vetsuite-alloc")
			b.ReportMetric(float64(drill.peak)/float64(vet.peak), "drillvet/vetsuite-peak")
			b.ReportMetric(float64(drill.peak)/float64(b.N)/(1<<20), "drillvet-peak-MiB")
		})
	}
}

// BenchmarkDrillVetAnalyze measures drill's analyzers alone over the same
// packages, loaded once: the time and allocation the analyzers themselves
// cost, without the loading both suites share. Compare its ns/op and B/op
// across commits (benchstat) to see whether a change made drill-vet slower
// or hungrier.
func BenchmarkDrillVetAnalyze(b *testing.B) {
	pkgs, err := packages.Load(&packages.Config{Mode: packages.LoadAllSyntax}, append(realPackages["std"], realPackages["app"]...)...)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := checker.Analyze(analyzers.Vet(), pkgs, nil); err != nil {
			b.Fatal(err)
		}
	}
}
