package vetdriver

import (
	"cmp"
	"go/token"
	"slices"
)

// sortedUnique returns findings in file, line and column order, each once.
// A file that belongs to a package and to its test variant (foo and
// foo.test) is analyzed twice, and reports its findings twice.
func sortedUnique(findings []Finding) []Finding {
	findings = slices.Clone(findings)
	slices.SortStableFunc(findings, func(a, b Finding) int {
		return cmp.Or(cmp.Compare(a.Pos.Filename, b.Pos.Filename), cmp.Compare(a.Pos.Line, b.Pos.Line),
			cmp.Compare(a.Pos.Column, b.Pos.Column), cmp.Compare(a.Analyzer, b.Analyzer),
			cmp.Compare(a.Message, b.Message))
	})
	type key struct {
		analyzer, message string
		pos, end          token.Position
	}
	seen := map[key]bool{}
	out := findings[:0]
	for _, f := range findings {
		k := key{f.Analyzer, f.Message, f.Pos, f.End}
		if !seen[k] {
			seen[k] = true
			out = append(out, f)
		}
	}
	return out
}
