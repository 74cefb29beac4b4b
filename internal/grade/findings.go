package grade

import (
	"bytes"
	"encoding/json"
	"io"
	"slices"
	"sort"
	"strings"
)

// What drill's analyzers found, as go vet -json reports it: a finding with
// its range, related positions and suggested fixes.

// Finding is one analyzer diagnostic.
type Finding struct {
	Analyzer string    `json:"analyzer"`
	Posn     string    `json:"posn"`
	End      string    `json:"end,omitempty"` // where the reported range ends, when the analyzer gave one
	Message  string    `json:"message"`
	Related  []Related `json:"related,omitempty"`
	Fixes    []Fix     `json:"suggested_fixes,omitempty"`
}

// Related is a secondary position of a finding (where a leaked value is
// returned, where the lock was taken).
type Related struct {
	Posn    string `json:"posn"`
	End     string `json:"end,omitempty"`
	Message string `json:"message"`
}

// Fix is a suggested fix: edits to apply together, or not at all. Start and
// End are byte offsets into the file, New the replacement text.
type Fix struct {
	Message string `json:"message"`
	Edits   []Edit `json:"edits"`
}

// Edit is one replacement in a file.
type Edit struct {
	Filename string `json:"filename"`
	Start    int    `json:"start"`
	End      int    `json:"end"`
	New      string `json:"new"`
}

// WithPaths returns f with every path in it (position, end, related
// positions, files of suggested fixes) rewritten by show: grading shows
// the learner's folder for the grading module's, and drill check --json
// makes them relative.
func (f Finding) WithPaths(show func(string) string) Finding {
	f.Posn, f.End = show(f.Posn), show(f.End)
	f.Related = slices.Clone(f.Related)
	for i := range f.Related {
		f.Related[i].Posn, f.Related[i].End = show(f.Related[i].Posn), show(f.Related[i].End)
	}
	f.Fixes = slices.Clone(f.Fixes)
	for i := range f.Fixes {
		f.Fixes[i].Edits = slices.Clone(f.Fixes[i].Edits)
		for j := range f.Fixes[i].Edits {
			f.Fixes[i].Edits[j].Filename = show(f.Fixes[i].Edits[j].Filename)
		}
	}
	return f
}

// parseVet reads `go vet -json` output: stdout holds a stream of JSON
// objects, one per package, mapping package → analyzer → diagnostics (or an
// error); stderr holds "# pkg" headers and, when vet could not run, why. It
// returns the findings and a description of any failure.
func parseVet(stdout, stderr []byte) ([]Finding, string) {
	type diag struct {
		Posn    string    `json:"posn"`
		End     string    `json:"end"`
		Message string    `json:"message"`
		Related []Related `json:"related"`
		Fixes   []Fix     `json:"suggested_fixes"`
	}
	var findings []Finding
	var problems []string
	// A file of the package and of its test variant is vetted twice.
	type key struct{ analyzer, posn, message string }
	seen := map[key]bool{}
	dec := json.NewDecoder(bytes.NewReader(stdout))
	for {
		var tree map[string]map[string]json.RawMessage
		if err := dec.Decode(&tree); err != nil {
			if err != io.EOF {
				problems = append(problems, "unreadable vet output: "+err.Error())
			}
			break
		}
		for _, byAnalyzer := range tree {
			for analyzer, raw := range byAnalyzer {
				var diags []diag
				if json.Unmarshal(raw, &diags) != nil {
					var failure struct{ Error string }
					if json.Unmarshal(raw, &failure) == nil && failure.Error != "" {
						problems = append(problems, analyzer+": "+failure.Error)
					}
					continue
				}
				for _, d := range diags {
					k := key{analyzer, d.Posn, d.Message}
					if !seen[k] {
						seen[k] = true
						for i := range d.Related {
							d.Related[i].End = knownPosn(d.Related[i].End)
						}
						findings = append(findings, Finding{Analyzer: analyzer, Posn: d.Posn, End: knownPosn(d.End),
							Message: d.Message, Related: d.Related, Fixes: d.Fixes})
					}
				}
			}
		}
	}
	sort.SliceStable(findings, func(i, j int) bool { return findings[i].Posn < findings[j].Posn })
	for line := range strings.SplitSeq(string(stderr), "\n") {
		line = strings.TrimSpace(line)
		if line != "" && !strings.HasPrefix(line, "#") {
			problems = append(problems, line)
		}
	}
	return findings, strings.Join(problems, "; ")
}

// knownPosn is posn, or "" for the "-" go vet prints where an analyzer gave
// no position (most findings have no end).
func knownPosn(posn string) string {
	if posn == "-" {
		return ""
	}
	return posn
}
