package report

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"

	"github.com/drillhq/drill/internal/exercise"
)

// Class is many learners' reports merged, in the order given.
type Class struct {
	Learners []*Report
	// Families is every family any learner's pack has, in
	// exercise.Families() order (then any unknown to this drill, sorted,
	// so a report from a newer drill still shows).
	Families []string
	// Packs lists the pack names met, in first-seen order: more than one
	// means the learners did not all work on the same exercises.
	Packs []string
}

// Decode reads one learner's drill report --json from data; name is the
// file it came from, for the error. Fields this drill does not know are
// ignored (a newer drill of the same version may add some).
func Decode(name string, data []byte) (*Report, error) {
	var r Report
	if err := json.NewDecoder(bytes.NewReader(data)).Decode(&r); err != nil {
		return nil, fmt.Errorf("%s is not a drill report (%v): make it with drill report --json > FILE", name, err)
	}
	switch {
	case r.Kind != Kind:
		return nil, fmt.Errorf("%s is not a drill report (kind %q, want %q): make it with drill report --json > FILE", name, r.Kind, Kind)
	case r.Version != Version:
		return nil, fmt.Errorf("%s is a drill report of version %d, this drill reads %d: make it again with this drill, or merge with the drill that made it", name, r.Version, Version)
	case strings.TrimSpace(r.Learner) == "":
		return nil, fmt.Errorf("%s names no learner: make it again with drill report --json --name NAME", name)
	}
	seen := map[string]bool{}
	for _, f := range r.Families {
		switch {
		case f.Family == "":
			return nil, fmt.Errorf("%s has a family without a name", name)
		case seen[f.Family]:
			return nil, fmt.Errorf("%s lists family %s twice", name, f.Family)
		case f.Exercises < 0 || f.Started < 0 || f.Solved < 0 || f.Revealed < 0 || f.SpottedFirstTry < 0 || f.Hints < 0:
			return nil, fmt.Errorf("%s: family %s has a negative count", name, f.Family)
		case f.Started > f.Exercises || f.Solved > f.Started || f.SpottedFirstTry > f.Started:
			return nil, fmt.Errorf("%s: family %s counts more started, solved or spotted exercises than it has (%d)", name, f.Family, f.Exercises)
		}
		seen[f.Family] = true
	}
	return &r, nil
}

// Merge puts reports together. Two reports of the same learner are an
// error, not merged: each report is a learner's whole progress, so summing
// them would count exercises twice, and keeping one would silently drop
// the other; the usual cause is two students with the same $USER on lab
// machines, fixed by drill report --json --name. names are the files the
// reports came from, for that error.
func Merge(names []string, reports []*Report) (*Class, error) {
	if len(reports) == 0 {
		return nil, errors.New("no reports to merge")
	}
	c := &Class{}
	from := map[string]string{}
	have := map[string]bool{}
	for i, r := range reports {
		if prev, dup := from[r.Learner]; dup {
			return nil, fmt.Errorf("%s and %s are both reports of learner %q: give each learner their own name (drill report --json --name NAME)", prev, names[i], r.Learner)
		}
		from[r.Learner] = names[i]
		c.Learners = append(c.Learners, r)
		if !slices.Contains(c.Packs, r.Pack) {
			c.Packs = append(c.Packs, r.Pack)
		}
		for _, f := range r.Families {
			have[f.Family] = true
		}
	}
	for _, f := range exercise.Families() {
		if have[f] {
			c.Families = append(c.Families, f)
			delete(have, f)
		}
	}
	var unknown []string
	for f := range have {
		unknown = append(unknown, f)
	}
	slices.Sort(unknown)
	c.Families = append(c.Families, unknown...)
	return c, nil
}

// Row returns learner r's row for family, and false when r's pack has no
// exercise of that family.
func (r *Report) Row(family string) (Family, bool) {
	i := slices.IndexFunc(r.Families, func(f Family) bool { return f.Family == family })
	if i < 0 {
		return Family{}, false
	}
	return r.Families[i], true
}

// CSVHeader is the first line of class-report.csv.
var csvHeader = []string{"learner", "family", "exercises", "started", "solved", "spotted_first_try", "hints", "median_seconds"}

// WriteCSV writes one row per learner and family their pack has.
// median_seconds is empty when nothing is solved.
func WriteCSV(w io.Writer, c *Class) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(csvHeader); err != nil {
		return err
	}
	for _, r := range c.Learners {
		for _, fam := range c.Families {
			f, ok := r.Row(fam)
			if !ok {
				continue
			}
			median := ""
			if f.MedianSeconds != nil {
				median = strconv.FormatInt(*f.MedianSeconds, 10)
			}
			row := []string{cellText(r.Learner), f.Family, strconv.Itoa(f.Exercises), strconv.Itoa(f.Started), strconv.Itoa(f.Solved), strconv.Itoa(f.SpottedFirstTry), strconv.Itoa(f.Hints), median}
			if err := cw.Write(row); err != nil {
				return err
			}
		}
	}
	cw.Flush()
	return cw.Error()
}

// cellText keeps a learner-chosen name from running as a spreadsheet
// formula when the instructor opens the CSV (OWASP's "CSV injection"): a
// leading =, +, -, @, tab or carriage return gets a quote in front.
func cellText(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}

// WriteTable prints the class as text: one row per learner, one column per
// family, each cell "solved/exercises" and the spotted-first-try count.
func WriteTable(w io.Writer, c *Class) error {
	nameW := len("learner")
	for _, r := range c.Learners {
		nameW = max(nameW, len([]rune(r.Learner)))
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%-*s", nameW, "learner")
	for _, fam := range c.Families {
		fmt.Fprintf(&b, "  %-*s", colWidth(fam), fam)
	}
	b.WriteString("\n")
	for _, r := range c.Learners {
		fmt.Fprintf(&b, "%s%s", r.Learner, strings.Repeat(" ", nameW-len([]rune(r.Learner))))
		for _, fam := range c.Families {
			cell := "-"
			if f, ok := r.Row(fam); ok {
				cell = fmt.Sprintf("%d/%d (%d)", f.Solved, f.Exercises, f.SpottedFirstTry)
			}
			fmt.Fprintf(&b, "  %-*s", colWidth(fam), cell)
		}
		b.WriteString("\n")
	}
	b.WriteString("\ncell: solved/exercises (spotted first try); - the learner's pack has no such exercise\n")
	if len(c.Packs) > 1 {
		fmt.Fprintf(&b, "note: the reports come from different packs (%s): counts of exercises differ\n", strings.Join(c.Packs, ", "))
	}
	// Padding the last column would leave spaces at line ends.
	lines := strings.Split(b.String(), "\n")
	for i, l := range lines {
		lines[i] = strings.TrimRight(l, " ")
	}
	_, err := io.WriteString(w, strings.Join(lines, "\n"))
	return err
}

// colWidth fits the family name and a cell such as "10/12 (9)".
func colWidth(family string) int { return max(len(family), len("10/12 (9)")) }
