package report

import (
	_ "embed"
	"fmt"
	"html/template"
	"io"
	"math"
	"strings"
	"time"
)

// Bar colours of the HTML chart, also the colours the browser test counts
// in the screenshot. Blue and orange stay apart for the common kinds of
// colour blindness.
const (
	SolvedColour  = "#1f6fd1"
	SpottedColour = "#e8740c"
	trackColour   = "#e4e7eb"
)

// Chart geometry in CSS pixels: the SVG is drawn at its own size, never
// scaled, so a bar of fraction f is exactly f × TrackWidth pixels wide in a
// screenshot at device scale 1.
const (
	TrackWidth = 300
	BarHeight  = 14
	labelWidth = 150
	valueWidth = 90
	barGap     = 3  // between a learner's two bars
	rowGap     = 14 // between learners
	chartPad   = 6
)

//go:embed class.html.tmpl
var classTemplate string

var page = template.Must(template.New("class").Parse(classTemplate))

// htmlPage is what class.html.tmpl renders.
type htmlPage struct {
	Learners    int
	Packs       string
	GeneratedAt string
	Families    []string
	Rows        []htmlRow
	Charts      []htmlChart
	Solved      string
	Spotted     string
	Track       string
	BarHeight   int
	TrackWidth  int
	ValueX      int // where the value labels start, right of the track
}

type htmlRow struct {
	Learner string
	Cells   []string
}

type htmlChart struct {
	Family        string
	Exercises     string // "3 exercises", or a range when packs differ
	Width, Height int
	Bars          []htmlBar
}

// htmlBar is one learner's pair of bars in a family chart.
type htmlBar struct {
	Label                string // the learner, shortened to fit
	Name                 string // the whole name, for the tooltip
	Y, Y2, TextY, TextY2 int
	TrackX               int
	Solved, Spotted      int // widths in pixels
	SolvedText           string
	SpottedText          string
	None                 bool // this learner's pack has no exercise of the family
}

// WriteHTML writes the class as one self-contained HTML page: inline CSS,
// inline SVG, no script and no external URL, so it opens the same from a
// mail attachment or a file share. html/template escapes every learner
// name and family for where it lands.
func WriteHTML(w io.Writer, c *Class, now time.Time) error {
	p := htmlPage{
		Learners:    len(c.Learners),
		Packs:       strings.Join(c.Packs, ", "),
		GeneratedAt: now.UTC().Format("2006-01-02 15:04 UTC"),
		Families:    c.Families,
		Solved:      SolvedColour,
		Spotted:     SpottedColour,
		Track:       trackColour,
		BarHeight:   BarHeight,
		TrackWidth:  TrackWidth,
		ValueX:      TrackWidth + 8,
	}
	for _, r := range c.Learners {
		row := htmlRow{Learner: r.Learner}
		for _, fam := range c.Families {
			cell := "—"
			if f, ok := r.Row(fam); ok {
				cell = fmt.Sprintf("%d/%d solved · %d spotted", f.Solved, f.Exercises, f.SpottedFirstTry)
			}
			row.Cells = append(row.Cells, cell)
		}
		p.Rows = append(p.Rows, row)
	}
	for _, fam := range c.Families {
		p.Charts = append(p.Charts, chart(c, fam))
	}
	return page.Execute(w, p)
}

// chart lays out one family's bars: per learner a solved bar over a
// spotted-first-try bar, each as a fraction of the family's exercises in
// that learner's pack.
func chart(c *Class, fam string) htmlChart {
	ch := htmlChart{Family: fam, Width: labelWidth + TrackWidth + valueWidth}
	lo, hi := math.MaxInt, 0
	rowH := 2*BarHeight + barGap + rowGap
	for i, r := range c.Learners {
		y := chartPad + i*rowH
		b := htmlBar{Label: shorten(r.Learner, 18), Name: r.Learner, Y: y, Y2: y + BarHeight + barGap, TrackX: labelWidth}
		b.TextY, b.TextY2 = b.Y+BarHeight-3, b.Y2+BarHeight-3
		f, ok := r.Row(fam)
		if !ok || f.Exercises == 0 {
			b.None = true
		} else {
			lo, hi = min(lo, f.Exercises), max(hi, f.Exercises)
			b.Solved = barWidth(f.Solved, f.Exercises)
			b.Spotted = barWidth(f.SpottedFirstTry, f.Exercises)
			b.SolvedText = fmt.Sprintf("%d/%d solved", f.Solved, f.Exercises)
			b.SpottedText = fmt.Sprintf("%d/%d spotted", f.SpottedFirstTry, f.Exercises)
		}
		ch.Bars = append(ch.Bars, b)
	}
	ch.Height = 2*chartPad + len(c.Learners)*rowH - rowGap
	switch {
	case hi == 0:
		ch.Exercises = "no exercises"
	case lo == hi && hi == 1:
		ch.Exercises = "1 exercise"
	case lo == hi:
		ch.Exercises = fmt.Sprintf("%d exercises", hi)
	default:
		ch.Exercises = fmt.Sprintf("%d–%d exercises", lo, hi)
	}
	return ch
}

// barWidth is n of the family's of exercises as a length of the track.
func barWidth(n, of int) int {
	return int(math.Round(float64(min(n, of)) * TrackWidth / float64(of)))
}

// shorten cuts s to n characters with an ellipsis, so a long name never
// runs into the bars (the full name is in the tooltip and the table).
func shorten(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}
