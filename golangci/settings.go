package golangci

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
)

// checkSettings accepts only an absent or empty settings block. drill's
// analyzers take no options today, and a misspelt or hoped-for option that
// was silently ignored would let a team believe a check is configured when
// it is not; so anything else is refused, naming the keys and where they
// sit in .golangci.yml.
func checkSettings(name string, conf any) error {
	if conf == nil {
		return nil
	}
	// golangci-lint hands over whatever its config decoder produced (maps
	// of any); a JSON round trip reads every such shape the same way.
	raw, err := json.Marshal(conf)
	if err != nil {
		return fmt.Errorf("drill plugin %s: cannot read linters.settings.custom.%s.settings: %w", name, name, err)
	}
	var fields map[string]json.RawMessage
	if err := json.Unmarshal(raw, &fields); err != nil {
		return fmt.Errorf("drill plugin %s: linters.settings.custom.%s.settings must be a mapping, got %s", name, name, raw)
	}
	if len(fields) == 0 {
		return nil
	}
	keys := make([]string, 0, len(fields))
	for k := range fields {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return fmt.Errorf("drill plugin %s takes no settings, got %s; remove linters.settings.custom.%s.settings from .golangci.yml",
		name, strings.Join(keys, ", "), name)
}
