// Package vetdriver is what drill-vet adds around drill's analyzers for
// teams that run it in CI: //drill:ignore suppressions (suppress.go, over
// the directives parsed here) and a SARIF 2.1.0 log for code scanning
// (sarif.go, printed by the standalone driver in standalone.go).
//
// None of it is used by drill check: grading runs the plain analyzers, so a
// learner cannot silence the grader with a comment.
package vetdriver

import (
	"go/ast"
	"go/token"
	"slices"
	"strings"
)

// Prefix starts a suppression. Like //go: directives it has no space after
// the slashes, which is also what makes gofmt treat it as a directive and
// move it to the end of a doc comment, directly above the declaration.
const Prefix = "//drill:ignore"

// A Directive is one //drill:ignore comment:
//
//	//drill:ignore NAME[,NAME...] reason
//
// At the end of a line of code it covers that line. On a line of its own
// it covers the next line and, when a statement or declaration starts on
// that line, every line of it (the whole statement, a multi-line call, or
// a whole function above which it stands, as golangci-lint's //nolint
// does); a finding is suppressed when its position lies in the covered
// lines of the same file and the directive names the finding's analyzer.
type Directive struct {
	Pos, End token.Pos // the comment, where problems with it are reported
	File     string    // file name, as the file set gives it
	Line     int       // the comment's own line
	From, To int       // the lines it covers, inclusive
	Names    []string  // analyzer names, in the order written
	Reason   string
	OwnLine  bool // nothing but the comment on its line
}

// ParseText splits the text of a comment that starts with Prefix into its
// analyzer names and reason. ok is false when the comment is not a
// drill:ignore directive at all (//drill:ignored, // drill:ignore); names
// or reason may then still be empty, which Problems reports.
func ParseText(text string) (names []string, reason string, ok bool) {
	rest, found := strings.CutPrefix(text, Prefix)
	if !found {
		return nil, "", false
	}
	if rest != "" && rest[0] != ' ' && rest[0] != '\t' {
		return nil, "", false // another word, such as //drill:ignored
	}
	rest = strings.TrimSpace(rest)
	if rest == "" {
		return nil, "", true
	}
	i := strings.IndexAny(rest, " \t")
	if i < 0 {
		return strings.Split(rest, ","), "", true
	}
	return strings.Split(rest[:i], ","), strings.TrimSpace(rest[i+1:]), true
}

// Problems lists what is wrong with a directive, given the analyzer names
// drill-vet knows: a missing reason, no names, empty or unknown names.
// A directive without a reason suppresses nothing (the reason is the
// point: a reviewer reads why a finding was accepted); an unknown name is
// skipped while the directive's known names still work.
func (d *Directive) Problems(known func(string) bool) []string {
	var out []string
	if len(d.Names) == 0 {
		return []string{"drill:ignore names no analyzer: write //drill:ignore NAME reason"}
	}
	for _, n := range d.Names {
		switch {
		case n == "":
			out = append(out, "drill:ignore has an empty analyzer name (a stray comma?)")
		case !known(n):
			out = append(out, "drill:ignore names an unknown analyzer "+quote(n))
		}
	}
	if d.Reason == "" {
		out = append(out, "drill:ignore needs a reason: //drill:ignore "+strings.Join(d.Names, ",")+" why this finding is accepted")
	}
	return out
}

func quote(s string) string { return `"` + s + `"` }

// Covers reports whether the directive covers the position posn for
// analyzer name.
func (d *Directive) Covers(name string, posn token.Position) bool {
	if posn.Filename != d.File || posn.Line < d.From || posn.Line > d.To {
		return false
	}
	return slices.Contains(d.Names, name)
}

// Parse returns the drill:ignore directives of one file. Positions are the
// file's own lines (no //line adjustment), as findings are matched.
func Parse(fset *token.FileSet, f *ast.File) []*Directive {
	var out []*Directive
	for _, g := range f.Comments {
		for _, c := range g.List {
			names, reason, ok := ParseText(c.Text)
			if !ok {
				continue
			}
			p := fset.PositionFor(c.Slash, false)
			out = append(out, &Directive{
				Pos: c.Slash, End: c.End(), File: p.Filename, Line: p.Line,
				From: p.Line, To: p.Line, Names: names, Reason: reason,
			})
		}
	}
	if len(out) == 0 {
		return nil
	}
	// Only a file with directives pays for the walk below.
	lines := scanLines(fset, f)
	for _, d := range out {
		col := fset.PositionFor(d.Pos, false).Column
		if first, ok := lines.first[d.Line]; ok && first < col {
			continue // code before the comment: it covers its own line
		}
		d.OwnLine = true
		d.From = d.Line + 1
		d.To = max(d.From, lines.last[d.From])
	}
	return out
}

// lineInfo records, per line, the first column where code starts or ends
// (to tell a trailing comment from one on its own line) and the last line
// of the longest node starting on that line (what a directive above it
// covers).
type lineInfo struct {
	first map[int]int
	last  map[int]int
}

// scanLines walks the file's code, not its comments. The file node itself
// is left out, so a directive above the package clause covers that line
// only, never the whole file.
func scanLines(fset *token.FileSet, f *ast.File) lineInfo {
	li := lineInfo{first: map[int]int{}, last: map[int]int{}}
	note := func(p token.Position) {
		if c, ok := li.first[p.Line]; !ok || p.Column < c {
			li.first[p.Line] = p.Column
		}
	}
	visit := func(n ast.Node) bool {
		switch n.(type) {
		case nil:
			return false
		case *ast.CommentGroup, *ast.Comment:
			return false
		}
		start := fset.PositionFor(n.Pos(), false)
		end := fset.PositionFor(n.End(), false)
		note(start)
		// End is just past the node's last character: a closing brace
		// at column 1 ends at column 2, and a trailing comment after it
		// starts at column 3 or later.
		end.Column--
		note(end)
		if end.Line > li.last[start.Line] {
			li.last[start.Line] = end.Line
		}
		return true
	}
	note(fset.PositionFor(f.Package, false))
	ast.Inspect(f.Name, visit)
	for _, d := range f.Decls {
		ast.Inspect(d, visit)
	}
	return li
}
