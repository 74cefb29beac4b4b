package vetdriver

import (
	"fmt"
	"slices"
	"sync"

	"golang.org/x/tools/go/analysis"
)

// Suppressing returns the analyzers drill-vet runs: each root of list (an
// analyzer no other one in list requires) replaced by a copy whose Run
// drops the findings a //drill:ignore directive covers and then reports
// that directive's problems and the directives that suppressed nothing.
//
// Wrapping the analyzer rather than the driver is what makes suppressions
// work in both of drill-vet's modes, standalone (multichecker, or the
// SARIF driver) and go vet's -vettool (unitchecker): every driver calls
// the analyzer's Run with a Pass whose Report it owns. The copy keeps
// Name, Doc, URL, Flags, Requires, FactTypes and ResultType, so go vet's
// flag protocol and the facts files are unchanged. Analyzers that another
// one requires are left as they are (the same pointer, which Requires and
// ResultOf name, and a second copy would register its fact types twice):
// their findings are printed only when they are roots too, and today none
// of analyzers.Vet() is both.
//
// drill check never calls this: grading runs the plain analyzers.
func Suppressing(list []*analysis.Analyzer) []*analysis.Analyzer {
	known := map[string]bool{}
	for _, a := range list {
		known[a.Name] = true
	}
	required := map[*analysis.Analyzer]bool{}
	var mark func(a *analysis.Analyzer)
	mark = func(a *analysis.Analyzer) {
		for _, r := range a.Requires {
			if !required[r] {
				required[r] = true
				mark(r)
			}
		}
	}
	for _, a := range list {
		mark(a)
	}
	// A directive naming no analyzer drill-vet knows has no analyzer of
	// its own to report it: the first root does, so it is reported once.
	fallback := ""
	for _, a := range list {
		if !required[a] {
			fallback = a.Name
			break
		}
	}
	s := &suppressor{known: known, fallback: fallback}
	out := make([]*analysis.Analyzer, len(list))
	for i, a := range list {
		if required[a] {
			out[i] = a
			continue
		}
		out[i] = s.wrap(a)
	}
	return out
}

type suppressor struct {
	known    map[string]bool
	fallback string // reports directives that name no known analyzer
}

// reporter is the one analyzer that reports a directive's problems: the
// first known analyzer it names, else the fallback. Each analyzer runs
// once per package, so each problem is printed once (the standalone
// drivers fold the copies a test variant of the package repeats).
func (s *suppressor) reporter(d *Directive) string {
	for _, n := range d.Names {
		if s.known[n] {
			return n
		}
	}
	return s.fallback
}

func (s *suppressor) wrap(a *analysis.Analyzer) *analysis.Analyzer {
	w := *a
	w.Run = func(pass *analysis.Pass) (any, error) {
		var dirs []*Directive
		for _, f := range pass.Files {
			dirs = append(dirs, Parse(pass.Fset, f)...)
		}
		if len(dirs) == 0 {
			return a.Run(pass) // the common case costs nothing
		}
		// A directive suppresses only when well formed: known names
		// of its own, and a reason.
		active := dirs[:0:0]
		for _, d := range dirs {
			if d.Reason != "" {
				active = append(active, d)
			}
		}
		var mu sync.Mutex // analyzers may report from several goroutines
		used := make([]bool, len(active))
		inner := *pass
		inner.Report = func(diag analysis.Diagnostic) {
			posn := pass.Fset.PositionFor(diag.Pos, false)
			hit := false
			mu.Lock()
			for i, d := range active {
				if d.Covers(a.Name, posn) {
					used[i], hit = true, true
				}
			}
			mu.Unlock()
			if !hit {
				pass.Report(diag)
			}
		}
		res, err := a.Run(&inner)
		if err != nil {
			return res, err
		}
		for _, d := range dirs {
			if s.reporter(d) != a.Name {
				continue
			}
			for _, p := range d.Problems(func(n string) bool { return s.known[n] }) {
				pass.Report(analysis.Diagnostic{Pos: d.Pos, End: d.End, Message: p})
			}
		}
		for i, d := range active {
			if !used[i] && names(d, a.Name) {
				pass.Report(analysis.Diagnostic{Pos: d.Pos, End: d.End,
					Message: fmt.Sprintf("unused drill:ignore for %s: it suppresses no finding", a.Name)})
			}
		}
		return res, err
	}
	return &w
}

func names(d *Directive, name string) bool { return slices.Contains(d.Names, name) }
