package policy

import (
	_ "embed"
	"maps"
	"slices"
	"strings"

	"golang.org/x/tools/go/analysis"

	"github.com/drillhq/drill/analyzers/internal/analysisdoc"
)

//go:embed doc.go
var doc string

// Analyzer refuses, in a learner's fix, the constructs listed in the
// package doc that the shipped code does not use (its -policy.allow).
var Analyzer = &analysis.Analyzer{
	Name: "policy",
	Doc:  analysisdoc.MustExtract(doc, "policy"),
	URL:  "https://pkg.go.dev/github.com/drillhq/drill/analyzers/policy",
	Run:  run,
}

// allow holds the keys the exercise's shipped code uses. drill check sets
// it once per run through go vet (-policy.allow=k1,k2); tests set it and
// reset it to "".
var allow keySet

func init() {
	Analyzer.Flags.Var(&allow, "allow",
		"comma-separated keys the shipped code uses, which a fix may use too")
}

// keySet is a flag.Value of comma-separated keys. Keys may hold spaces and
// slashes ("import os/exec") but never commas.
type keySet map[string]bool

func (s *keySet) String() string {
	if s == nil {
		return ""
	}
	return strings.Join(slices.Sorted(maps.Keys(*s)), ",")
}

// Set replaces the whole set: the flag is given once, and a test resets it
// with "".
func (s *keySet) Set(v string) error {
	m := keySet{}
	for k := range strings.SplitSeq(v, ",") {
		if k = strings.TrimSpace(k); k != "" {
			m[k] = true
		}
	}
	*s = m
	return nil
}

func run(pass *analysis.Pass) (any, error) {
	if linkedNowhere(pass) {
		return nil, nil
	}
	root := ""
	if pass.Pkg != nil {
		root = exerciseRoot(pass.Pkg.Path())
	}
	for _, u := range detect(pass.Fset, pass.Files, pass.TypesInfo, root) {
		if !allow[u.Key] {
			pass.Report(analysis.Diagnostic{Pos: u.Pos, Message: message(u.Key)})
		}
	}
	reportTestNames(pass)
	return nil, nil
}

// linkedNowhere reports whether the package is a program no graded test
// binary can hold: a package main without test files. Nothing imports a
// main package, drill builds only the exercise's test binary, and the
// learner's own test files are dropped, so such code (a scratch tool of
// the learner's) never runs while the grader watches. A package main with
// drill's tests in it is its own test binary, and judged as usual.
func linkedNowhere(pass *analysis.Pass) bool {
	if pass.Pkg == nil || pass.Pkg.Name() != "main" {
		return false
	}
	for _, f := range pass.Files {
		if tf := pass.Fset.File(f.Pos()); tf == nil || !judged(tf.Name()) {
			return false
		}
	}
	return true
}
