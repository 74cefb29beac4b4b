package golangci

import (
	"strings"
	"testing"

	"github.com/golangci/plugin-module-register/register"

	"github.com/drillhq/drill/analyzers"
)

// TestPluginsRegistered does what golangci-lint does at start-up for each
// analyzer drill-vet runs: find the plugin by its name in the register
// package (filled by this package's init), construct it without settings
// as an unconfigured .golangci.yml would, and build its analyzers. Each
// plugin must yield exactly that analyzer, with type information loaded.
func TestPluginsRegistered(t *testing.T) {
	for _, a := range analyzers.Vet() {
		newPlugin, err := register.GetPlugin(a.Name)
		if err != nil {
			t.Errorf("analyzer %s has no plugin: %v", a.Name, err)
			continue
		}
		p, err := newPlugin(nil)
		if err != nil {
			t.Errorf("plugin %s without settings: %v", a.Name, err)
			continue
		}
		got, err := p.BuildAnalyzers()
		if err != nil {
			t.Errorf("plugin %s: BuildAnalyzers: %v", a.Name, err)
			continue
		}
		if len(got) != 1 || got[0] != a {
			t.Errorf("plugin %s built %v, want exactly the analyzer %s from analyzers.Vet", a.Name, got, a.Name)
		}
		if mode := p.GetLoadMode(); mode != register.LoadModeTypesInfo {
			t.Errorf("plugin %s: load mode %q, want %q", a.Name, mode, register.LoadModeTypesInfo)
		}
	}
}

// TestNoExtraPlugins holds registration to analyzers.Vet and nothing
// more: no name twice, no plugin for an analyzer drill-vet does not run
// (the grading-only policy analyzer would be noise in a team's lint). The
// register package cannot list its plugins, so registerAll is watched
// through a recorder, and the grading analyzers are looked up in the real
// register too.
func TestNoExtraPlugins(t *testing.T) {
	want := map[string]bool{}
	for _, a := range analyzers.Vet() {
		want[a.Name] = true
	}
	seen := map[string]bool{}
	registerAll(func(name string, _ register.NewPlugin) {
		if seen[name] {
			t.Errorf("plugin %s registered twice", name)
		}
		seen[name] = true
		if !want[name] {
			t.Errorf("plugin %s registered, but analyzers.Vet has no analyzer of that name", name)
		}
	})
	if len(seen) != len(want) {
		t.Errorf("registered %d plugins, want %d (one per analyzer of analyzers.Vet)", len(seen), len(want))
	}
	for _, a := range analyzers.Grading {
		if _, err := register.GetPlugin(a.Name); err == nil {
			t.Errorf("grading analyzer %s is registered as a golangci-lint plugin", a.Name)
		}
	}
}

// TestSettingsRejected: golangci-lint passes linters.settings.custom.NAME.
// settings as decoded YAML. An empty block is accepted; any key is refused
// with the keys and the place to remove them named.
func TestSettingsRejected(t *testing.T) {
	newPlugin, err := register.GetPlugin("sqlleak")
	if err != nil {
		t.Fatal(err)
	}
	for _, empty := range []any{nil, map[string]any{}} {
		if _, err := newPlugin(empty); err != nil {
			t.Errorf("settings %#v: %v, want accepted", empty, err)
		}
	}
	_, err = newPlugin(map[string]any{"strict": true, "max-depth": 3})
	if err == nil {
		t.Fatal("unknown settings accepted")
	}
	for _, part := range []string{"sqlleak takes no settings", "max-depth, strict", "linters.settings.custom.sqlleak.settings"} {
		if !strings.Contains(err.Error(), part) {
			t.Errorf("error %q lacks %q", err, part)
		}
	}
	if _, err := newPlugin("strict"); err == nil || !strings.Contains(err.Error(), "must be a mapping") {
		t.Errorf("a string as settings: got %v, want a 'must be a mapping' error", err)
	}
}
