package golangci

import (
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"testing"

	"github.com/drillhq/drill/analyzers"
)

// TestFixtureConfigEnablesEveryPlugin keeps testdata/fixture/.golangci.yml,
// which custom-build.sh lints with and which is too slow for CI, in step
// with the registry: it must enable, and declare as a module plugin, every
// analyzer of analyzers.Vet and nothing else. (A hand-written copylock for
// the pass named copylocks once made the real golangci-lint refuse to
// start; this catches that without the build.) The file's shape is fixed,
// so two patterns read it without a YAML parser.
func TestFixtureConfigEnablesEveryPlugin(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("testdata", "fixture", ".golangci.yml"))
	if err != nil {
		t.Fatal(err)
	}
	var want []string
	for _, a := range analyzers.Vet() {
		want = append(want, a.Name)
	}
	slices.Sort(want)
	enabled := names(regexp.MustCompile(`(?m)^    - ([a-z0-9_]+)$`), data)
	modules := names(regexp.MustCompile(`(?m)^      ([a-z0-9_]+):\n        type: module$`), data)
	if !slices.Equal(enabled, want) {
		t.Errorf("linters.enable lists %v, want %v", enabled, want)
	}
	if !slices.Equal(modules, want) {
		t.Errorf("linters.settings.custom declares module plugins %v, want %v", modules, want)
	}
}

// names returns the sorted first submatches of re in data.
func names(re *regexp.Regexp, data []byte) []string {
	var out []string
	for _, m := range re.FindAllSubmatch(data, -1) {
		out = append(out, string(m[1]))
	}
	slices.Sort(out)
	return out
}
