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
