package vetdriver

import (
	"strings"

	"golang.org/x/tools/go/analysis"
)

// Mode is who serves one drill-vet command line.
type Mode int

const (
	// Multichecker serves go vet's protocol (-V=full, -flags, a .cfg
	// file), -json, -fix, -diff, -c, profiling and help: everything that
	// is not a plain standalone run.
	Multichecker Mode = iota
	// Text is a plain standalone run: findings as text with paths
	// relative to the current folder (RunText).
	Text
	// SARIF is -sarif (RunSARIF).
	SARIF
)

// ModeOf decides who serves args, and returns args without -sarif. A run
// is Text when its flags, before the first package pattern, are only -test
// and the -NAME and -NAME.flag=value flags of the analyzers in all, and
// no argument is go vet's .cfg file.
func ModeOf(args []string, all []*analysis.Analyzer) (Mode, []string) {
	sarif, rest := SARIFFlag(args)
	if sarif {
		return SARIF, rest
	}
	names := map[string]bool{}
	for _, a := range all {
		names[a.Name] = true
	}
	patterns := 0
	for i, a := range rest {
		if a == "--" || !strings.HasPrefix(a, "-") {
			patterns = len(rest) - i
			for _, p := range rest[i:] {
				if strings.HasSuffix(p, ".cfg") || p == "help" {
					return Multichecker, rest
				}
			}
			break
		}
		name, _, hasValue := strings.Cut(strings.TrimLeft(a, "-"), "=")
		analyzer, _, isAnalyzerFlag := strings.Cut(name, ".")
		switch {
		case name == "test" || name == "sarif" || names[name]:
		case isAnalyzerFlag && names[analyzer] && hasValue:
		default:
			return Multichecker, rest
		}
	}
	if patterns == 0 {
		return Multichecker, rest
	}
	return Text, rest
}
