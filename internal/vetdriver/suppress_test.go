package vetdriver

import (
	"flag"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"reflect"
	"slices"
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis"

	"github.com/drillhq/drill/analyzers"
)

// callReporter is an analyzer that reports every call to a function
// called target, at the call.
func callReporter(name, target string) *analysis.Analyzer {
	return &analysis.Analyzer{
		Name: name,
		Doc:  "reports calls to " + target,
		Run: func(pass *analysis.Pass) (any, error) {
			for _, f := range pass.Files {
				ast.Inspect(f, func(n ast.Node) bool {
					if c, ok := n.(*ast.CallExpr); ok {
						if id, ok := c.Fun.(*ast.Ident); ok && id.Name == target {
							pass.Reportf(c.Pos(), "call to %s", target)
						}
					}
					return true
				})
			}
			return nil, nil
		},
	}
}

// runAll runs each analyzer over the files as a driver would, returning
// "analyzer line:col message" lines in order.
func runAll(t *testing.T, list []*analysis.Analyzer, files map[string]string) []string {
	t.Helper()
	fset := token.NewFileSet()
	var parsed []*ast.File
	for _, name := range slices.Sorted(func(yield func(string) bool) {
		for k := range files {
			if !yield(k) {
				return
			}
		}
	}) {
		f, err := parser.ParseFile(fset, name, files[name], parser.ParseComments)
		if err != nil {
			t.Fatal(err)
		}
		parsed = append(parsed, f)
	}
	var out []string
	for _, a := range list {
		pass := &analysis.Pass{Analyzer: a, Fset: fset, Files: parsed,
			Report: func(d analysis.Diagnostic) {
				p := fset.Position(d.Pos)
				out = append(out, fmt.Sprintf("%s %s:%d:%d %s", a.Name, p.Filename, p.Line, p.Column, d.Message))
			}}
		if _, err := a.Run(pass); err != nil {
			t.Fatal(err)
		}
	}
	return out
}

const suppressSrc = `package p

func f() {
	bad() //drill:ignore alpha reviewed
	bad()
	//drill:ignore alpha,beta reviewed, both
	keep(1,
		bad(),
	)
	bad() //drill:ignore alpha
	bad() //drill:ignore alpah reviewed
	worse() //drill:ignore nosuch reviewed
	//drill:ignore beta nothing to suppress here
	ok()
	worse() //drill:ignore beta reviewed
}
`

const suppressTest = `package p

func g() {
	bad() //drill:ignore alpha the test tears it down
	bad() //drill:ignore alpha,beta the test tears it down
}
`

func TestSuppressing(t *testing.T) {
	alpha, beta := callReporter("alpha", "bad"), callReporter("beta", "worse")
	got := runAll(t, Suppressing([]*analysis.Analyzer{alpha, beta}),
		map[string]string{"p.go": suppressSrc, "p_test.go": suppressTest})
	want := []string{
		"alpha p.go:5:2 call to bad",  // the neighbour of a suppressed line
		"alpha p.go:10:2 call to bad", // no reason: not suppressed
		"alpha p.go:11:2 call to bad", // a misspelt name: not suppressed
		// Problems, each once, by the first analyzer the directive names,
		// or the first analyzer when it names none drill-vet knows.
		"alpha p.go:10:8 drill:ignore needs a reason: //drill:ignore alpha why this finding is accepted",
		`alpha p.go:11:8 drill:ignore names an unknown analyzer "alpah"`,
		`alpha p.go:12:10 drill:ignore names an unknown analyzer "nosuch"`,
		"beta p.go:12:2 call to worse",
		// Unused, per analyzer: beta found nothing in f's multi-line
		// statement, the directive above ok() covers nothing, nor
		// beta's half of the pair in the test file.
		"beta p.go:6:2 unused drill:ignore for beta: it suppresses no finding",
		"beta p.go:13:2 unused drill:ignore for beta: it suppresses no finding",
		"beta p_test.go:5:8 unused drill:ignore for beta: it suppresses no finding",
	}
	if !slices.Equal(got, want) {
		t.Errorf("diagnostics:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}

	// The plain analyzers report everything: grading uses them.
	plain := runAll(t, []*analysis.Analyzer{alpha, beta}, map[string]string{"p.go": suppressSrc})
	if len(plain) != 7 {
		t.Errorf("plain analyzers: %d findings, want 7:\n%s", len(plain), strings.Join(plain, "\n"))
	}
}

// A package without a directive goes straight to the analyzer's Run, with
// the driver's own Report.
func TestSuppressingNoDirectives(t *testing.T) {
	got := runAll(t, Suppressing([]*analysis.Analyzer{callReporter("alpha", "bad")}),
		map[string]string{"p.go": "package p\n\nfunc f() { bad() }\n"})
	if want := []string{"alpha p.go:3:12 call to bad"}; !slices.Equal(got, want) {
		t.Errorf("got %q, want %q", got, want)
	}
}

type testFact struct{}

func (*testFact) AFact() {}

// The copy keeps everything but Run; an analyzer that another requires
// stays the same pointer.
func TestSuppressingKeepsIdentity(t *testing.T) {
	dep := &analysis.Analyzer{Name: "dep", Doc: "dep", Run: func(*analysis.Pass) (any, error) { return 1, nil },
		ResultType: reflect.TypeFor[int](), FactTypes: []analysis.Fact{new(testFact)}}
	root := &analysis.Analyzer{Name: "root", Doc: "root doc", URL: "https://example.com/root",
		Requires: []*analysis.Analyzer{dep}, RunDespiteErrors: true, Flags: *flag.NewFlagSet("root", flag.ContinueOnError),
		Run: func(*analysis.Pass) (any, error) { return nil, nil }}
	root.Flags.Bool("strict", false, "a flag")
	out := Suppressing([]*analysis.Analyzer{root, dep})
	if out[1] != dep {
		t.Errorf("a required analyzer was copied")
	}
	w := out[0]
	if w == root {
		t.Fatalf("root not wrapped")
	}
	if w.Name != root.Name || w.Doc != root.Doc || w.URL != root.URL || !slices.Equal(w.Requires, root.Requires) ||
		w.RunDespiteErrors != root.RunDespiteErrors || w.ResultType != root.ResultType ||
		!slices.Equal(w.FactTypes, root.FactTypes) || w.Flags.Lookup("strict") != root.Flags.Lookup("strict") {
		t.Errorf("the copy differs from the analyzer: %+v", w)
	}
	if err := analysis.Validate(out); err != nil {
		t.Error(err)
	}
}

// drill-vet's own list: every analyzer is a root, so every one honours
// suppressions, and the wrapped list is still a valid set.
func TestSuppressingVet(t *testing.T) {
	vet := analyzers.Vet()
	out := Suppressing(vet)
	if err := analysis.Validate(out); err != nil {
		t.Fatal(err)
	}
	for i, a := range out {
		if a == vet[i] {
			t.Errorf("%s is required by another analyzer of Vet(), so drill:ignore does not apply to it", a.Name)
		}
	}
	for _, a := range analyzers.Vet() {
		if a != analyzers.ByName(a.Name) {
			t.Errorf("Suppressing changed the registry's %s", a.Name)
		}
	}
}
