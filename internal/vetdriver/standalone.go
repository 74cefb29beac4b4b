package vetdriver

import (
	"encoding/json"
	"flag"
	"fmt"
	"go/token"
	"io"
	"os"
	"path/filepath"
	"runtime/debug"
	"slices"
	"strconv"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/checker"
	"golang.org/x/tools/go/packages"
)

// SARIFFlag reports whether drill-vet's command line asks for -sarif
// among the flags before the first package pattern, and returns the
// command line without it: multichecker, which serves every other mode,
// does not know the flag (so -sarif=false is taken out before it runs);
// go vet never passes it.
func SARIFFlag(args []string) (want bool, rest []string) {
	rest = make([]string, 0, len(args))
	for i, a := range args {
		if a == "--" || !strings.HasPrefix(a, "-") {
			return want, append(rest, args[i:]...)
		}
		name, val, hasVal := strings.Cut(strings.TrimLeft(a, "-"), "=")
		if name != "sarif" {
			rest = append(rest, a)
			continue
		}
		if !hasVal {
			want = true
			continue
		}
		b, err := strconv.ParseBool(val)
		if err != nil {
			rest = append(rest, a) // multichecker's flag parsing says what is wrong
			continue
		}
		want = b
	}
	return want, rest
}

// outcome is what one standalone analysis found.
type outcome struct {
	dir      string // the current folder, which printed paths are relative to
	findings []Finding
	errs     []string // package errors and failed analyses
	exit     int      // 1 when some package had errors, else 0
}

// analyze parses drill-vet's standalone command line (multichecker's flags
// that shape what is analysed: -test, -NAME to enable or disable an
// analyzer, -NAME.flag), loads the packages with go/packages and runs the
// enabled analyzers with the public checker. sarif is the -sarif flag's
// default: both modes parse the same flags. A non-zero code means stop
// with it: 2 for a bad command line, 1 when nothing could be loaded.
func analyze(args []string, all []*analysis.Analyzer, sarif bool, stderr io.Writer) (*outcome, int) {
	fs := flag.NewFlagSet("drill-vet", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Bool("sarif", sarif, "print a SARIF 2.1.0 log on stdout")
	tests := fs.Bool("test", true, "analyse test files too")
	enabled := map[*analysis.Analyzer]*triState{}
	for _, a := range all {
		ts := new(triState)
		enabled[a] = ts
		fs.Var(ts, a.Name, fmt.Sprintf("enable %q analysis", a.Name))
		a.Flags.VisitAll(func(f *flag.Flag) { fs.Var(f.Value, a.Name+"."+f.Name, f.Usage) })
	}
	if err := fs.Parse(args); err != nil {
		if err == flag.ErrHelp {
			return nil, -1
		}
		return nil, 2
	}
	if fs.NArg() == 0 {
		fmt.Fprintln(stderr, "usage: drill-vet [-sarif] [-test=false] [-NAME] package...")
		return nil, 2
	}
	run := selectAnalyzers(all, enabled)
	dir, err := os.Getwd()
	if err != nil {
		fmt.Fprintf(stderr, "drill-vet: %v\n", err)
		return nil, 1
	}

	mode := packages.LoadSyntax | packages.NeedModule
	if needFacts(run) {
		mode = packages.LoadAllSyntax | packages.NeedModule // facts need every dependency's syntax
	}
	pkgs, err := packages.Load(&packages.Config{Mode: mode, Tests: *tests}, fs.Args()...)
	if err == nil && len(pkgs) == 0 {
		err = fmt.Errorf("%s matched no packages", strings.Join(fs.Args(), " "))
	}
	if err != nil {
		fmt.Fprintf(stderr, "drill-vet: %v\n", err)
		return nil, 1
	}
	out := &outcome{dir: dir}
	packages.Visit(pkgs, nil, func(p *packages.Package) {
		for _, e := range p.Errors {
			fmt.Fprintln(stderr, e)
			out.errs = append(out.errs, e.Error())
			out.exit = 1
		}
	})
	graph, err := checker.Analyze(run, pkgs, nil)
	if err != nil {
		fmt.Fprintf(stderr, "drill-vet: %v\n", err)
		return nil, 1
	}
	for act := range graph.All() {
		if act.Err != nil {
			// A failed analysis is said on stderr, for a CI log, unless
			// the package errors printed above already explain every
			// analysis skipped over them.
			msg := fmt.Sprintf("%s: %v", act, act.Err)
			if out.exit == 0 {
				fmt.Fprintln(stderr, msg)
			}
			out.errs = append(out.errs, msg)
			continue
		}
		if !act.IsRoot {
			continue
		}
		for _, d := range act.Diagnostics {
			out.findings = append(out.findings, finding(act.Package.Fset, act.Analyzer.Name, d))
		}
	}
	return out, 0
}

// RunSARIF is drill-vet -sarif: one SARIF run on stdout. The exit code is
// -json's: 0 once the log is printed, findings or not; 1 when the packages
// do not load or some have errors (printed on stderr, the log still
// printed; a failed analysis is a tool execution notification in the log);
// 2 for a bad command line.
func RunSARIF(args []string, all []*analysis.Analyzer, stdout, stderr io.Writer) int {
	out, code := analyze(args, all, true, stderr)
	if out == nil {
		return max(code, 0)
	}
	log := BuildSARIF(SARIFInput{Version: Version(), Rules: all, Findings: out.findings,
		Errors: out.errs, Dir: out.dir, ReadFile: os.ReadFile})
	enc := json.NewEncoder(stdout)
	enc.SetIndent("", "  ")
	if err := enc.Encode(log); err != nil {
		fmt.Fprintf(stderr, "drill-vet: %v\n", err)
		return 1
	}
	return out.exit
}

// RunText is drill-vet's standalone text mode: one finding per line on
// stderr, `file:line:col: message`, each related position on a line of its
// own after it, indented by a tab, as multichecker prints them; but with
// file names relative to the current folder, as go vet prints them, and in
// file and line order. Exit codes are multichecker's: 0 no findings, 3
// findings, 1 when packages had errors or an analysis failed, 2 for a bad
// command line.
func RunText(args []string, all []*analysis.Analyzer, stderr io.Writer) int {
	out, code := analyze(args, all, false, stderr)
	if out == nil {
		return max(code, 0)
	}
	for _, f := range sortedUnique(out.findings) {
		fmt.Fprintf(stderr, "%s: %s\n", relPosition(out.dir, f.Pos), f.Message)
		for _, r := range f.Related {
			fmt.Fprintf(stderr, "%s: \t%s\n", relPosition(out.dir, r.Pos), r.Message)
		}
	}
	switch {
	case len(out.errs) > 0:
		return 1
	case len(out.findings) > 0:
		return 3
	}
	return 0
}

// relPosition prints a position with its file relative to dir when the file
// is inside dir (./ is left out, as go vet does), absolute otherwise.
func relPosition(dir string, p token.Position) string {
	if rel, err := filepath.Rel(dir, p.Filename); err == nil && filepath.IsLocal(rel) {
		p.Filename = rel
	}
	return p.String()
}

func finding(fset *token.FileSet, name string, d analysis.Diagnostic) Finding {
	f := Finding{Analyzer: name, Message: d.Message, Pos: fset.Position(d.Pos)}
	if d.End.IsValid() {
		f.End = fset.Position(d.End)
	}
	for _, r := range d.Related {
		rel := Related{Message: r.Message, Pos: fset.Position(r.Pos)}
		if r.End.IsValid() {
			rel.End = fset.Position(r.End)
		}
		f.Related = append(f.Related, rel)
	}
	return f
}

// Version is the module version drill-vet was built at: v1.2.3 from go
// install pkg@v1.2.3, (devel) for a build from a clone.
func Version() string {
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" {
		return bi.Main.Version
	}
	return "(devel)"
}

// selectAnalyzers applies the -NAME flags as multichecker does: when any
// is true only those run, else when any is false all but those run.
func selectAnalyzers(all []*analysis.Analyzer, enabled map[*analysis.Analyzer]*triState) []*analysis.Analyzer {
	var on, off []*analysis.Analyzer
	var rest []*analysis.Analyzer
	for _, a := range all {
		switch *enabled[a] {
		case setTrue:
			on = append(on, a)
		case setFalse:
			off = append(off, a)
		default:
			rest = append(rest, a)
		}
	}
	if len(on) > 0 {
		return on
	}
	if len(off) > 0 {
		return rest
	}
	return all
}

// needFacts reports whether an analyzer or one it requires uses facts,
// in which case every dependency is loaded from source.
func needFacts(list []*analysis.Analyzer) bool {
	seen := map[*analysis.Analyzer]bool{}
	var walk func(a *analysis.Analyzer) bool
	walk = func(a *analysis.Analyzer) bool {
		if seen[a] {
			return false
		}
		seen[a] = true
		if len(a.FactTypes) > 0 {
			return true
		}
		return slices.ContainsFunc(a.Requires, walk)
	}
	return slices.ContainsFunc(list, walk)
}

// triState is an enable flag that remembers whether it was set at all.
type triState int

const (
	unset triState = iota
	setTrue
	setFalse
)

func (ts *triState) IsBoolFlag() bool { return true }

func (ts *triState) Set(v string) error {
	b, err := strconv.ParseBool(v)
	if err != nil {
		return err
	}
	*ts = setFalse
	if b {
		*ts = setTrue
	}
	return nil
}

func (ts *triState) String() string {
	switch *ts {
	case setTrue:
		return "true"
	case setFalse:
		return "false"
	}
	return "unset"
}
