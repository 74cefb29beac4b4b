package exercise

import (
	"fmt"
	"os"
	"reflect"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/drillhq/drill/exercises"
)

// sitesExercise is an exercise whose fix adds `defer rows.Close()` after
// line 4 and rewrites line 8 of a 10-line q.go; other.go is a decoy the
// fix leaves alone.
func sitesExercise(bugs ...Site) *Exercise {
	code := "package q\n\nfunc f() {\n\trows := query()\n\tfor rows.Next() {\n\t}\n\n\treturn old\n}\n// end\n"
	fixed := "package q\n\nfunc f() {\n\trows := query()\n\tdefer rows.Close()\n\tfor rows.Next() {\n\t}\n\n\treturn new\n}\n// end\n"
	return &Exercise{
		ID:       "q",
		Code:     map[string][]byte{"q.go": []byte(code), "other.go": []byte("package q\n")},
		Solution: map[string][]byte{"q.go": []byte(fixed)},
		Bugs:     bugs,
	}
}

func TestCheckSites(t *testing.T) {
	tests := []struct {
		name  string
		bugs  []Site
		wants []string // one substring per expected problem, in order
	}{
		{"on the line the fix goes after", []Site{{File: "q.go", Start: 4, End: 4}}, nil},
		{"on the line the fix goes before", []Site{{File: "q.go", Start: 5, End: 5}}, nil},
		{"range around the rewritten line", []Site{{File: "q.go", Start: 7, End: 9}}, nil},
		{"two sites, both changed", []Site{{File: "q.go", Start: 3, End: 4}, {File: "q.go", Start: 8, End: 8}}, nil},
		{"untouched line", []Site{{File: "q.go", Start: 1, End: 2}},
			[]string{"bug site q.go:1-2 is not changed by the reference fix (it changes lines 4-5, 8)"}},
		{"one of two sites drifted", []Site{{File: "q.go", Start: 8, End: 8}, {File: "q.go", Start: 10, End: 10}},
			[]string{"bug site q.go:10 is not changed by the reference fix"}},
		{"decoy file", []Site{{File: "other.go", Start: 1, End: 1}},
			[]string{"bug site other.go:1 is not changed by the reference fix (it does not change other.go)"}},
		{"too wide", []Site{{File: "q.go", Start: 1, End: MaxSiteLines + 1}},
			[]string{fmt.Sprintf("bug site q.go:1-%d spans %d lines, more than %d", MaxSiteLines+1, MaxSiteLines+1, MaxSiteLines)}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := sitesExercise(tt.bugs...).CheckSites()
			if len(got) != len(tt.wants) {
				t.Fatalf("CheckSites = %q, want %d problem(s)", got, len(tt.wants))
			}
			for i, want := range tt.wants {
				if !strings.Contains(got[i], want) {
					t.Errorf("problem %d = %q, want it to contain %q", i+1, got[i], want)
				}
			}
		})
	}
}

// A site exactly MaxSiteLines wide is allowed: the limit is inclusive.
func TestCheckSitesWidthLimit(t *testing.T) {
	var code, fixed strings.Builder
	for i := range MaxSiteLines + 5 {
		fmt.Fprintf(&code, "// line %d\n", i+1)
		if i == 0 {
			fixed.WriteString("// changed\n")
		} else {
			fmt.Fprintf(&fixed, "// line %d\n", i+1)
		}
	}
	ex := &Exercise{
		Code:     map[string][]byte{"a.go": []byte(code.String())},
		Solution: map[string][]byte{"a.go": []byte(fixed.String())},
		Bugs:     []Site{{File: "a.go", Start: 1, End: MaxSiteLines}},
	}
	if got := ex.CheckSites(); len(got) != 0 {
		t.Fatalf("a %d-line site: %q", MaxSiteLines, got)
	}
	ex.Bugs[0].End++
	if got := ex.CheckSites(); len(got) != 1 || !strings.Contains(got[0], "spans") {
		t.Fatalf("a %d-line site: %q, want it refused as too wide", MaxSiteLines+1, got)
	}
}

func TestRanges(t *testing.T) {
	for _, tt := range []struct {
		in   []int
		want string
	}{
		{nil, ""},
		{[]int{3}, "3"},
		{[]int{3, 4, 5}, "3-5"},
		{[]int{1, 3, 4, 9}, "1, 3-4, 9"},
	} {
		if got := ranges(tt.in); got != tt.want {
			t.Errorf("ranges(%v) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// A last line without a final newline is still a line a site may name.
func TestLoadSiteOnLastLineWithoutNewline(t *testing.T) {
	m := validPack()
	m["leak/code/leak.go"] = &fstest.MapFile{Data: []byte("package leak\n\nvar x = 1")}
	setField(m, `"lines": "1"`, `"lines": "3"`)
	p, err := Load(m, "pack", known)
	if err != nil {
		t.Fatal(err)
	}
	ex, _ := p.Get("leak")
	if want := []Site{{File: "leak.go", Start: 3, End: 3}}; !reflect.DeepEqual(ex.Bugs, want) {
		t.Fatalf("Bugs = %v, want %v", ex.Bugs, want)
	}
}

// Every exercise drill ships, and every one of the fixture pack the CLI
// tests run against, declares an area and bug sites the reference fix
// changes: the static half of drill verify, cheap enough for every test run.
func TestPacksDeclareProvenSites(t *testing.T) {
	curriculum, err := Load(exercises.Curriculum(), "embedded curriculum", nil)
	if err != nil {
		t.Fatal(err)
	}
	fixture, err := Load(os.DirFS("../../testdata/pack"), "testdata/pack", nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range []*Pack{curriculum, fixture} {
		for _, ex := range p.Exercises {
			if ex.Area == "" {
				t.Errorf("%s/%s: no area", p.Source, ex.ID)
			}
			for _, problem := range ex.CheckSites() {
				t.Errorf("%s/%s: %s", p.Source, ex.ID, problem)
			}
		}
	}
}
