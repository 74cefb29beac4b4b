package exercise

import (
	"bytes"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"

	"github.com/drillhq/drill/internal/linediff"
)

// Site is a line range of one shipped file: File is a path of Code,
// Start and End are 1-based and inclusive. The reference fix changes a
// line of it (drill verify proves that). Also are more ranges of the same
// file where a reviewer's comment is just as right although the fix does
// not touch them: the early returns that leak the transaction the fix
// rolls back in one deferred line.
type Site struct {
	File       string
	Start, End int
	Also       []Span
}

// Span is a 1-based inclusive line range.
type Span struct{ Start, End int }

// spans is the site's main range followed by its Also ranges.
func (s Site) spans() []Span { return append([]Span{{s.Start, s.End}}, s.Also...) }

func (s Site) String() string {
	if s.Start == s.End {
		return fmt.Sprintf("%s:%d", s.File, s.Start)
	}
	return fmt.Sprintf("%s:%d-%d", s.File, s.Start, s.End)
}

// MaxSiteLines is the widest bug site an exercise may declare. A site is
// where a reviewer's comment goes (the query whose rows are never closed,
// the unlocked write); one spanning a whole function would grade "the bug
// is somewhere in here" as spotted.
const MaxSiteLines = 25

// siteFile is one entry of exercise.json's "bug": {"file": "x.go", "lines": "12-18"}.
type siteFile struct {
	File  string `json:"file"`
	Lines string `json:"lines"`
	// Also: "38-46, 58" — where else a comment on this bug is right.
	Also string `json:"also,omitempty"`
}

// parseSites reads exercise.json's "bug" entries against the shipped code:
// there must be at least one, and each names a file of code/ and a line
// range inside it.
func parseSites(raw []siteFile, code map[string][]byte) ([]Site, error) {
	if len(raw) == 0 {
		return nil, fmt.Errorf(`is missing: add "bug": [{"file": %q, "lines": "12-18"}] with the file of code/ and the lines a reviewer would comment on (drill spot grades against it, drill verify proves the reference fix changes them)`, exampleFile(code))
	}
	var out []Site
	for i, r := range raw {
		if r.File == "" {
			return nil, fmt.Errorf(`entry %d has no "file": name a file of code/, such as %q`, i+1, exampleFile(code))
		}
		data, ok := code[r.File]
		if !ok {
			return nil, fmt.Errorf("entry %d names %q, which is not a file of code/", i+1, r.File)
		}
		n := LineCount(data)
		main, ok := parseSpan(r.Lines, n)
		if !ok {
			return nil, fmt.Errorf("entry %d: lines %q is not a range N or N-M inside %s's %d lines", i+1, r.Lines, r.File, n)
		}
		s := Site{File: r.File, Start: main.Start, End: main.End}
		if strings.TrimSpace(r.Also) != "" {
			for part := range strings.SplitSeq(r.Also, ",") {
				sp, ok := parseSpan(part, n)
				if !ok {
					return nil, fmt.Errorf("entry %d: also %q: %q is not a range N or N-M inside %s's %d lines", i+1, r.Also, strings.TrimSpace(part), r.File, n)
				}
				s.Also = append(s.Also, sp)
			}
		}
		out = append(out, s)
	}
	return out, nil
}

// parseSpan reads "N" or "N-M" inside a file of n lines.
func parseSpan(text string, n int) (Span, bool) {
	sp, ok := ParseSpan(text)
	return sp, ok && sp.End <= n
}

// ParseSpan reads "N" or "N-M" with 1 <= N <= M: the lines of a bug site
// in exercise.json and of a drill spot pointer alike.
func ParseSpan(text string) (Span, bool) {
	lo, hi, found := strings.Cut(text, "-")
	start, err1 := strconv.Atoi(strings.TrimSpace(lo))
	end, err2 := start, error(nil)
	if found {
		end, err2 = strconv.Atoi(strings.TrimSpace(hi))
	}
	if err1 != nil || err2 != nil || start < 1 || end < start {
		return Span{}, false
	}
	return Span{start, end}, true
}

// exampleFile is a file of code/ to show in an error's example: the first
// non-test .go file, so the example is one the author can paste.
func exampleFile(code map[string][]byte) string {
	for _, name := range slices.Sorted(maps.Keys(code)) {
		if strings.HasSuffix(name, ".go") && !strings.HasSuffix(name, "_test.go") {
			return name
		}
	}
	return "x.go"
}

// LineCount counts lines the way an editor numbers them: a last line
// without a final newline is a line too.
func LineCount(data []byte) int {
	n := bytes.Count(data, []byte("\n"))
	if len(data) > 0 && data[len(data)-1] != '\n' {
		n++
	}
	return n
}

// CheckSites reports what is wrong with the exercise's declared bug sites,
// one sentence each (none when they are sound): a site wider than
// MaxSiteLines, or one the reference fix (Solution laid over Code) changes
// no line of. The second is what keeps a declaration honest as an
// exercise is edited: a site that drifted off the bug fails drill verify.
// Pure and cheap (no grading), so a unit test runs it on the curriculum.
func (e *Exercise) CheckSites() []string {
	var problems []string
	solved := e.SolvedCode()
	for _, s := range e.Bugs {
		if width := s.End - s.Start + 1; width > MaxSiteLines {
			problems = append(problems, fmt.Sprintf("bug site %s spans %d lines, more than %d: narrow it to the lines a reviewer would comment on", s, width, MaxSiteLines))
		}
		for _, a := range s.Also {
			if width := a.End - a.Start + 1; width > MaxSiteLines {
				problems = append(problems, fmt.Sprintf("bug site %s: also %d-%d spans %d lines, more than %d", s, a.Start, a.End, width, MaxSiteLines))
			}
		}
		changed := linediff.Changed(e.Code[s.File], solved[s.File])
		if slices.ContainsFunc(changed, func(l int) bool { return l >= s.Start && l <= s.End }) {
			continue
		}
		what := "it does not change " + s.File
		if len(changed) > 0 {
			what = "it changes lines " + ranges(changed)
		}
		problems = append(problems, fmt.Sprintf("bug site %s is not changed by the reference fix (%s)", s, what))
	}
	return problems
}

// ranges writes sorted line numbers compactly: 3, 7-9, 12.
func ranges(lines []int) string {
	var parts []string
	for i := 0; i < len(lines); {
		j := i
		for j+1 < len(lines) && lines[j+1] == lines[j]+1 {
			j++
		}
		if i == j {
			parts = append(parts, strconv.Itoa(lines[i]))
		} else {
			parts = append(parts, fmt.Sprintf("%d-%d", lines[i], lines[j]))
		}
		i = j + 1
	}
	return strings.Join(parts, ", ")
}
