// Package term prints drill's human output. It is the only package that
// knows about colour: every coloured word also carries its meaning in plain
// text (PASS, FAIL, ...), and output that is not a terminal, or any output
// when NO_COLOR is set or TERM is "dumb", is plain.
package term

import (
	"fmt"
	"io"
	"os"

	"github.com/fatih/color"
	"github.com/mattn/go-isatty"
)

// Printer writes to one stream, coloured or not.
type Printer struct {
	w     io.Writer
	color bool
}

// New returns a Printer for w. Colour is used only when w is a terminal,
// NO_COLOR is empty (no-color.org: any value turns colour off) and TERM is
// not "dumb" (a terminal that cannot show escape sequences: Emacs shells,
// some CI log viewers). getenv reads the environment.
func New(w io.Writer, getenv func(string) string) *Printer {
	useColor := IsTerminal(w) && getenv("NO_COLOR") == "" && getenv("TERM") != "dumb"
	return &Printer{w: w, color: useColor}
}

// IsTerminal reports whether stream (an output, or stdin) is a terminal:
// the place for colour, for progress redrawn in place, and for a prompt.
func IsTerminal(stream any) bool {
	f, ok := stream.(*os.File)
	return ok && (isatty.IsTerminal(f.Fd()) || isatty.IsCygwinTerminal(f.Fd()))
}

// Writer is the underlying stream.
func (p *Printer) Writer() io.Writer { return p.w }

// Printf writes plain text.
func (p *Printer) Printf(format string, args ...any) { fmt.Fprintf(p.w, format, args...) }

func (p *Printer) paint(attrs []color.Attribute, s string) string {
	if !p.color {
		return s
	}
	c := color.New(attrs...)
	c.EnableColor()
	return c.Sprint(s)
}

// Good, Bad, Warn, Bold and Faint style one word or phrase.
func (p *Printer) Good(s string) string {
	return p.paint([]color.Attribute{color.FgGreen, color.Bold}, s)
}
func (p *Printer) Bad(s string) string   { return p.paint([]color.Attribute{color.FgRed, color.Bold}, s) }
func (p *Printer) Warn(s string) string  { return p.paint([]color.Attribute{color.FgYellow}, s) }
func (p *Printer) Bold(s string) string  { return p.paint([]color.Attribute{color.Bold}, s) }
func (p *Printer) Faint(s string) string { return p.paint([]color.Attribute{color.Faint}, s) }

// Status styles an exercise status word.
func (p *Printer) Status(s string) string {
	switch s {
	case "solved":
		return p.Good(s)
	case "current":
		return p.Bold(s)
	case "revealed":
		return p.Warn(s)
	}
	return p.Faint(s)
}

// Bar draws a progress bar of width cells, done of total filled.
func Bar(done, total, width int) string {
	if total <= 0 {
		total = 1
	}
	filled := done * width / total
	bar := make([]rune, width)
	for i := range bar {
		bar[i] = '-'
		if i < filled {
			bar[i] = '#'
		}
	}
	return "[" + string(bar) + "]"
}
