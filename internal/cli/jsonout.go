package cli

import (
	"encoding/json"
	"flag"
	"io"
	"strconv"
	"strings"

	"github.com/drillhq/drill/internal/grade"
)

// JSONVersion is the schema version of drill check --json, drill list
// --json and the error object, documented in docs/json.md. Adding a field
// keeps it; removing or renaming a field, or changing what one means,
// bumps it, so a script that checks it never misreads a newer drill.
const JSONVersion = 1

// The types below are the documented contract (docs/json.md), kept apart
// from grade's own types on purpose: grade may reshape its Result for its
// own needs without silently changing what scripts read.

// CheckJSON is drill check --json.
type CheckJSON struct {
	Version int    `json:"version"`
	ID      string `json:"id"`
	Solved  bool   `json:"solved"`
	// Stage is the first stage that failed (build, analyzers, tests);
	// Problem says why in one line. Both are empty when solved.
	Stage   string      `json:"stage,omitempty"`
	Problem string      `json:"problem,omitempty"`
	Stages  []StageJSON `json:"stages"`
	// BuildOutput is the compiler's output when the build failed.
	BuildOutput    string        `json:"build_output,omitempty"`
	Findings       []FindingJSON `json:"findings"`
	Notes          []FindingJSON `json:"notes"`
	Tests          []TestJSON    `json:"tests"`
	ElapsedSeconds float64       `json:"elapsed_seconds"`
	Warnings       []string      `json:"warnings,omitempty"`
}

// StageJSON is one of build, analyzers and tests, always in that order.
type StageJSON struct {
	Name    string  `json:"name"`
	Status  string  `json:"status"` // pass, fail or skip
	Detail  string  `json:"detail,omitempty"`
	Seconds float64 `json:"seconds,omitempty"` // how long it ran; left out when it did not run
}

// FindingJSON is one analyzer diagnostic.
type FindingJSON struct {
	Analyzer       string        `json:"analyzer"`
	Posn           string        `json:"posn"`          // file:line:col
	End            string        `json:"end,omitempty"` // file:line:col where the reported range ends
	Message        string        `json:"message"`
	Related        []RelatedJSON `json:"related,omitempty"`
	SuggestedFixes []FixJSON     `json:"suggested_fixes,omitempty"`
}

// RelatedJSON is a secondary position of a finding.
type RelatedJSON struct {
	Posn    string `json:"posn"`
	End     string `json:"end,omitempty"`
	Message string `json:"message"`
}

// FixJSON is a suggested fix: its edits apply together or not at all.
type FixJSON struct {
	Message string     `json:"message"`
	Edits   []EditJSON `json:"edits"`
}

// EditJSON replaces the bytes [start, end) of a file with new.
type EditJSON struct {
	Filename string `json:"filename"`
	Start    int    `json:"start"`
	End      int    `json:"end"`
	New      string `json:"new"`
}

// TestJSON is one graded test.
type TestJSON struct {
	Name   string `json:"name"`
	Status string `json:"status"`
	Output string `json:"output"`
	Where  string `json:"where,omitempty"` // file:line, for a crash or a timeout
}

// ErrorJSON is what --json prints instead of a verdict or a list when the
// command could not do its work (exit 2, 3, or 1 that is not a verdict).
type ErrorJSON struct {
	Version int         `json:"version"`
	Error   ErrorDetail `json:"error"`
}

// ErrorDetail says what went wrong: Code is the exit code.
type ErrorDetail struct {
	Code    int    `json:"code"`
	Message string `json:"message"`
	Remedy  string `json:"remedy,omitempty"`
}

// checkJSON turns a verdict into the documented shape, with every path
// relative to the working folder as the text output shows it, so a script
// can open the file from where it ran drill.
func checkJSON(c *inv, res *grade.Result) CheckJSON {
	out := CheckJSON{
		Version:        JSONVersion,
		ID:             res.ID,
		Solved:         res.Solved,
		Stage:          res.Stage,
		Problem:        relPaths(c, res.Problem),
		Stages:         make([]StageJSON, 0, len(res.Stages)),
		BuildOutput:    relPaths(c, res.BuildOutput),
		Findings:       findingsJSON(c, res.Findings),
		Notes:          findingsJSON(c, res.Notes),
		Tests:          make([]TestJSON, 0, len(res.Tests)),
		ElapsedSeconds: res.Elapsed,
		Warnings:       res.Warnings,
	}
	for _, s := range res.Stages {
		out.Stages = append(out.Stages, StageJSON{Name: s.Name, Status: s.Status, Detail: relPaths(c, s.Detail), Seconds: s.Seconds})
	}
	for _, t := range res.Tests {
		tj := TestJSON{Name: t.Name, Status: t.Status, Output: relPaths(c, t.Output)}
		if t.Where != "" {
			tj.Where = c.rel(t.Where)
		}
		out.Tests = append(out.Tests, tj)
	}
	return out
}

func findingsJSON(c *inv, fs []grade.Finding) []FindingJSON {
	out := make([]FindingJSON, 0, len(fs))
	for _, f := range fs {
		f = f.WithPaths(c.rel)
		j := FindingJSON{Analyzer: f.Analyzer, Posn: f.Posn, End: f.End, Message: f.Message}
		for _, r := range f.Related {
			j.Related = append(j.Related, RelatedJSON(r))
		}
		for _, fix := range f.Fixes {
			fj := FixJSON{Message: fix.Message, Edits: []EditJSON{}}
			for _, e := range fix.Edits {
				fj.Edits = append(fj.Edits, EditJSON(e))
			}
			j.SuggestedFixes = append(j.SuggestedFixes, fj)
		}
		out = append(out, j)
	}
	return out
}

// writeJSON prints v indented, as every drill JSON output is.
func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

// Output formats a command can be asked for; "" is the text for people.
const (
	formatJSON     = "json"
	formatExercism = "exercism"
)

// formatFlag registers --format on fs (drill check only).
func formatFlag(fs *flag.FlagSet) *string {
	return fs.String("format", "", "print the verdict in `FORMAT`: json (same as --json) or exercism (the exercism test runner's results.json, version 3)")
}

// outputFormat resolves --json and --format into one format, or a usage
// error when they disagree or the format is unknown.
func outputFormat(asJSON bool, format string) (string, error) {
	switch format {
	case "":
		if asJSON {
			return formatJSON, nil
		}
		return "", nil
	case formatJSON:
		return formatJSON, nil
	case formatExercism:
		if asJSON {
			return "", usagef("--json prints drill's own JSON and --format=exercism exercism's: choose one")
		}
		return formatExercism, nil
	}
	return "", usagef("unknown --format %q: json or exercism", format)
}

// requestedFormat is the machine-readable format a command line asked for,
// read from the raw arguments: Main needs it for errors that happen before
// (or while) the command parses its flags, such as a usage error, and a
// script that asked for JSON must get JSON on stdout whatever failed. Only
// the commands that print JSON are considered; --json wins over --format
// (both given is itself a usage error, reported in drill's own shape).
func requestedFormat(command string, args []string) string {
	if command != "check" && command != "list" && command != "report" {
		return ""
	}
	asJSON, format := false, ""
	for i := 0; i < len(args); i++ {
		a := args[i]
		if a == "--" {
			break
		}
		if !strings.HasPrefix(a, "-") {
			continue
		}
		name, value, hasValue := strings.Cut(strings.TrimLeft(a, "-"), "=")
		switch name {
		case "json":
			on, err := strconv.ParseBool(value)
			asJSON = !hasValue || err == nil && on
		case "format":
			if command != "check" {
				continue
			}
			if !hasValue && i+1 < len(args) {
				i++
				value = args[i]
			}
			format = value
		}
	}
	switch {
	case asJSON || format == formatJSON:
		return formatJSON
	case format == formatExercism:
		return formatExercism
	}
	return ""
}

// writeError prints the error object of format on w; the text on stderr
// stays for people reading the run's log.
func writeError(w io.Writer, format string, d ErrorDetail) {
	switch format {
	case formatJSON:
		_ = writeJSON(w, ErrorJSON{Version: JSONVersion, Error: d})
	case formatExercism:
		msg := d.Message
		if d.Remedy != "" {
			msg += "\nremedy: " + d.Remedy
		}
		_ = writeJSON(w, ExercismResult{Version: exercismVersion, Status: exercismError, Message: msg})
	}
}
