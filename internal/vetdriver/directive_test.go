package vetdriver

import (
	"go/parser"
	"go/token"
	"slices"
	"testing"
)

func TestParseText(t *testing.T) {
	for _, tc := range []struct {
		text   string
		names  []string
		reason string
		ok     bool
	}{
		{"//drill:ignore sqlleak closed by the caller", []string{"sqlleak"}, "closed by the caller", true},
		{"//drill:ignore sqlleak,txerror  two reasons ", []string{"sqlleak", "txerror"}, "two reasons", true},
		{"//drill:ignore\tsqlleak\tafter a tab", []string{"sqlleak"}, "after a tab", true},
		{"//drill:ignore sqlleak", []string{"sqlleak"}, "", true},
		{"//drill:ignore sqlleak, txerror reason", []string{"sqlleak", ""}, "txerror reason", true},
		{"//drill:ignore", nil, "", true},
		{"//drill:ignore   ", nil, "", true},
		{"//drill:ignored sqlleak reason", nil, "", false},
		{"// drill:ignore sqlleak reason", nil, "", false},
		{"//nolint:sqlleak", nil, "", false},
	} {
		names, reason, ok := ParseText(tc.text)
		if ok != tc.ok || reason != tc.reason || !slices.Equal(names, tc.names) {
			t.Errorf("ParseText(%q) = %q, %q, %v; want %q, %q, %v", tc.text, names, reason, ok, tc.names, tc.reason, tc.ok)
		}
	}
}

func TestProblems(t *testing.T) {
	known := func(n string) bool { return n == "sqlleak" || n == "txerror" }
	for _, tc := range []struct {
		names  []string
		reason string
		want   []string
	}{
		{[]string{"sqlleak"}, "why", nil},
		{[]string{"sqlleak", "txerror"}, "why", nil},
		{nil, "", []string{"drill:ignore names no analyzer: write //drill:ignore NAME reason"}},
		{[]string{"sqlleak"}, "", []string{"drill:ignore needs a reason: //drill:ignore sqlleak why this finding is accepted"}},
		{[]string{"sqlleek"}, "why", []string{`drill:ignore names an unknown analyzer "sqlleek"`}},
		{[]string{"sqlleak", ""}, "why", []string{"drill:ignore has an empty analyzer name (a stray comma?)"}},
		{[]string{"nosuch"}, "", []string{`drill:ignore names an unknown analyzer "nosuch"`,
			"drill:ignore needs a reason: //drill:ignore nosuch why this finding is accepted"}},
	} {
		d := &Directive{Names: tc.names, Reason: tc.reason}
		if got := d.Problems(known); !slices.Equal(got, tc.want) {
			t.Errorf("Problems(%q, %q) = %q; want %q", tc.names, tc.reason, got, tc.want)
		}
	}
}

const coverSrc = `//drill:ignore sqlleak above the package clause
package p

func f() {
	a() //drill:ignore sqlleak trailing
	//drill:ignore sqlleak above a statement over three lines
	b(1,
		2,
	)
	//drill:ignore sqlleak above a one-line statement
	c()
	if x {
		d()
	} //drill:ignore sqlleak after a closing brace
	s := ` + "`" + `a
b` + "`" + ` //drill:ignore sqlleak after a raw string's last line
}

// g has the directive last in its doc comment, where gofmt puts it.
//drill:ignore sqlleak the whole function
func g() {
	e()
}

	//drill:ignore sqlleak an indented line of its own, then a blank line

var v = 1
`

func TestParseCoverage(t *testing.T) {
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "p.go", coverSrc, parser.ParseComments)
	if err != nil {
		t.Fatal(err)
	}
	type cover struct {
		line, from, to int
		own            bool
	}
	var got []cover
	for _, d := range Parse(fset, f) {
		got = append(got, cover{d.Line, d.From, d.To, d.OwnLine})
	}
	want := []cover{
		{1, 2, 2, true},    // the package clause, never the whole file
		{5, 5, 5, false},   // trailing: its own line
		{6, 7, 9, true},    // the statement starting on the next line, all of it
		{10, 11, 11, true}, // a one-line statement
		{14, 14, 14, false},
		{16, 16, 16, false},
		{20, 21, 23, true}, // a whole function
		{25, 26, 26, true}, // a blank next line covers only itself
	}
	if !slices.Equal(got, want) {
		t.Errorf("coverage:\n got %v\nwant %v", got, want)
	}
}

func TestCovers(t *testing.T) {
	d := &Directive{File: "p.go", From: 7, To: 9, Names: []string{"sqlleak", "txerror"}}
	for _, tc := range []struct {
		name string
		posn token.Position
		want bool
	}{
		{"sqlleak", token.Position{Filename: "p.go", Line: 7}, true},
		{"txerror", token.Position{Filename: "p.go", Line: 9}, true},
		{"sqlleak", token.Position{Filename: "p.go", Line: 6}, false},
		{"sqlleak", token.Position{Filename: "p.go", Line: 10}, false},
		{"sqlleak", token.Position{Filename: "q.go", Line: 8}, false},
		{"lockleak", token.Position{Filename: "p.go", Line: 8}, false},
	} {
		if got := d.Covers(tc.name, tc.posn); got != tc.want {
			t.Errorf("Covers(%s, %v) = %v", tc.name, tc.posn, got)
		}
	}
}
