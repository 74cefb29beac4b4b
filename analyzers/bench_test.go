package analyzers_test

import (
	"runtime"
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

// realPackages are real packages from the standard library and drill's own
// dependencies. The module packages use database/sql and net/http, so
// drill's fact analyzers do their full work there; on standard-library
// packages they only run where no facts are involved (races, goroutine
// leaks, locks), since the standard library's behaviour is built in.
var realPackages = []string{
	"net/http", "database/sql", "encoding/json", "net/http/httputil",
	"modernc.org/sqlite", "github.com/drillhq/drill/exercises/harness",
	"golang.org/x/tools/go/packages", "github.com/rogpeppe/go-internal/testscript",
}

// BenchmarkDrillVetVsVetSuite runs both analyzer sets the way a standalone
// multichecker does (go/packages loads everything from source, then
// checker analyzes the whole graph, facts included) over the same real
// packages, and reports drill-vet's cost as a ratio of the vet suite's. The
// target is at most 1.5.
func BenchmarkDrillVetVsVetSuite(b *testing.B) {
	var before, after runtime.MemStats
	run := func(set []*analysis.Analyzer) (time.Duration, uint64) {
		runtime.ReadMemStats(&before)
		start := time.Now()
		cfg := &packages.Config{Mode: packages.LoadAllSyntax}
		pkgs, err := packages.Load(cfg, realPackages...)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := checker.Analyze(set, pkgs, nil); err != nil {
			b.Fatal(err)
		}
		d := time.Since(start)
		runtime.ReadMemStats(&after)
		return d, after.TotalAlloc - before.TotalAlloc
	}
	run(vetSuite) // warm the go list and export caches for both
	var vet, drill time.Duration
	var vetMem, drillMem uint64
	b.ResetTimer()
	for range b.N {
		d, m := run(vetSuite)
		vet, vetMem = vet+d, vetMem+m
		d, m = run(analyzers.All)
		drill, drillMem = drill+d, drillMem+m
	}
	b.ReportMetric(float64(drill)/float64(vet), "drillvet/vetsuite")
	b.ReportMetric(float64(drillMem)/float64(vetMem), "drillvet/vetsuite-alloc")
	b.ReportMetric(vet.Seconds()/float64(b.N), "vetsuite-s/op")
	b.ReportMetric(drill.Seconds()/float64(b.N), "drillvet-s/op")
}

// BenchmarkDrillVetAnalyze measures drill's analyzers alone over the same
// packages, loaded once: the time and allocation the analyzers themselves
// cost, without the loading both suites share. Compare its ns/op and B/op
// across commits (benchstat) to see whether a change made drill-vet slower
// or hungrier.
func BenchmarkDrillVetAnalyze(b *testing.B) {
	pkgs, err := packages.Load(&packages.Config{Mode: packages.LoadAllSyntax}, realPackages...)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := checker.Analyze(analyzers.All, pkgs, nil); err != nil {
			b.Fatal(err)
		}
	}
}
