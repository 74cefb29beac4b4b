package analyzers

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis"
)

// TestRegistryDocs holds every analyzer to the documentation shape
// drill explain, drill-vet -help and pkg.go.dev rely on: a one-line title,
// a doc.go beside it, and a URL pointing at that package.
func TestRegistryDocs(t *testing.T) {
	seen := map[string]bool{}
	for _, a := range append(append([]*analysis.Analyzer{}, All...), Grading...) {
		if seen[a.Name] {
			t.Errorf("analyzer %s registered twice", a.Name)
		}
		seen[a.Name] = true
		title, body, _ := strings.Cut(a.Doc, "\n")
		if title == "" || strings.HasSuffix(title, ".") || !strings.HasPrefix(body, "\n") {
			t.Errorf("%s: Doc must start with a one-line title without a full stop, then a blank line; got %q", a.Name, title)
		}
		if want := "https://pkg.go.dev/github.com/drillhq/drill/analyzers/" + a.Name; a.URL != want {
			t.Errorf("%s: URL = %q, want %q", a.Name, a.URL, want)
		}
		if _, err := os.Stat(filepath.Join(a.Name, "doc.go")); err != nil {
			t.Errorf("%s: no doc.go: %v", a.Name, err)
		}
		if a.Name != "policy" && (!strings.Contains(a.Doc, "\nBad:\n") || !strings.Contains(a.Doc, "\nGood:\n")) {
			t.Errorf("%s: Doc lacks a Bad: and a Good: example", a.Name)
		}
		if ByName(a.Name) == nil && a.Name != "policy" {
			t.Errorf("ByName(%q) = nil", a.Name)
		}
	}
}

// TestBorrowed holds the borrowed passes to what drill explain and exercise
// files rely on: a unique name that ByName finds, upstream documentation
// and a URL, and a place in what drill-vet runs.
func TestBorrowed(t *testing.T) {
	own := map[string]bool{}
	for _, a := range All {
		own[a.Name] = true
	}
	vet := map[*analysis.Analyzer]bool{}
	for _, a := range Vet() {
		vet[a] = true
	}
	for _, a := range Borrowed {
		if own[a.Name] {
			t.Errorf("borrowed %s has the name of a drill analyzer", a.Name)
		}
		if ByName(a.Name) != a {
			t.Errorf("ByName(%q) does not find the borrowed pass", a.Name)
		}
		if !strings.HasPrefix(a.URL, "https://pkg.go.dev/golang.org/x/tools/go/analysis/passes/") || a.Doc == "" {
			t.Errorf("%s: URL %q or Doc missing", a.Name, a.URL)
		}
		if !vet[a] {
			t.Errorf("%s is not in Vet()", a.Name)
		}
	}
	if len(Vet()) != len(All)+len(Borrowed) {
		t.Errorf("Vet() has %d analyzers, want %d", len(Vet()), len(All)+len(Borrowed))
	}
}
