package scopedssa

import (
	"testing"

	"golang.org/x/tools/go/analysis"
)

// Only a module the go command fetched at a version is a dependency; the
// main module, a workspace module and a local replacement have none.
func TestRequiredModule(t *testing.T) {
	for _, tc := range []struct {
		name string
		m    *analysis.Module
		want bool
	}{
		{"no module known", nil, false},
		{"main module", &analysis.Module{Path: "example.com/app"}, false},
		{"dependency", &analysis.Module{Path: "github.com/lib/pq", Version: "v1.10.9"}, true},
		{"replaced by a local folder", &analysis.Module{Path: "github.com/lib/pq", Version: "v1.10.9",
			Replace: &analysis.Module{Path: "../pq"}}, false},
		{"replaced by another version", &analysis.Module{Path: "github.com/lib/pq", Version: "v1.10.9",
			Replace: &analysis.Module{Path: "github.com/fork/pq", Version: "v1.11.0"}}, true},
	} {
		if got := requiredModule(tc.m); got != tc.want {
			t.Errorf("%s: requiredModule = %v, want %v", tc.name, got, tc.want)
		}
	}
}
