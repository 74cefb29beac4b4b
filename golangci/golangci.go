// Package golangci registers drill's analyzers as golangci-lint v2 module
// plugins.
//
// A custom golangci-lint build imports this package for its side effect
// (see docs/golangci-lint.md). Each analyzer drill-vet runs becomes a
// plugin of its own, named after the analyzer, rather than one "drill"
// plugin holding them all: golangci-lint matches //nolint:NAME and
// linters.enable against plugin names, so one plugin per analyzer is what
// lets a team enable sqlleak alone or silence one reviewed finding without
// silencing the rest.
package golangci

import (
	"github.com/golangci/plugin-module-register/register"
	"golang.org/x/tools/go/analysis"

	"github.com/drillhq/drill/analyzers"
)

// The module plugin system offers no other hook than a registration at
// init: golangci-lint looks each configured plugin up by name once its own
// main has started.
func init() {
	registerAll(register.Plugin)
}

// registerAll hands add one constructor per analyzer of analyzers.Vet, in a
// single loop over the registry so that an analyzer added there becomes a
// plugin without anyone editing this package. add is register.Plugin in
// production; tests pass a recorder to see exactly which names go in.
func registerAll(add func(name string, p register.NewPlugin)) {
	for _, a := range analyzers.Vet() {
		add(a.Name, newPlugin(a))
	}
}

// newPlugin returns the constructor golangci-lint calls with the plugin's
// settings from .golangci.yml.
func newPlugin(a *analysis.Analyzer) register.NewPlugin {
	return func(conf any) (register.LinterPlugin, error) {
		if err := checkSettings(a.Name, conf); err != nil {
			return nil, err
		}
		return plugin{analyzer: a}, nil
	}
}

// plugin is one drill analyzer as golangci-lint sees it.
type plugin struct {
	analyzer *analysis.Analyzer
}

// BuildAnalyzers returns the analyzer itself, not a copy: its facts, its
// Requires and its identity stay the ones drill-vet uses.
func (p plugin) BuildAnalyzers() ([]*analysis.Analyzer, error) {
	return []*analysis.Analyzer{p.analyzer}, nil
}

// GetLoadMode asks for type information: every drill analyzer works on
// types (and most on SSA), so the syntax-only mode would leave them blind.
func (plugin) GetLoadMode() string {
	return register.LoadModeTypesInfo
}
