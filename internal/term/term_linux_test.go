package term

import (
	"os"
	"strconv"
	"strings"
	"testing"

	"golang.org/x/sys/unix"
)

// openTerminal opens a pseudo-terminal and returns its terminal side, so
// that New sees a real terminal as it does in a learner's shell.
func openTerminal(t *testing.T) *os.File {
	t.Helper()
	ptmx, err := os.OpenFile("/dev/ptmx", os.O_RDWR, 0)
	if err != nil {
		t.Skipf("no pseudo-terminals here: %v", err)
	}
	t.Cleanup(func() { ptmx.Close() })
	if err := unix.IoctlSetPointerInt(int(ptmx.Fd()), unix.TIOCSPTLCK, 0); err != nil {
		t.Fatal(err)
	}
	n, err := unix.IoctlGetInt(int(ptmx.Fd()), unix.TIOCGPTN)
	if err != nil {
		t.Fatal(err)
	}
	tty, err := os.OpenFile("/dev/pts/"+strconv.Itoa(n), os.O_RDWR|unix.O_NOCTTY, 0)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { tty.Close() })
	return tty
}

// Colour on a terminal, unless NO_COLOR is set (any value) or TERM is dumb;
// never on a file or pipe.
func TestColour(t *testing.T) {
	tty := openTerminal(t)
	pipeR, pipeW, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	defer pipeR.Close()
	defer pipeW.Close()
	for _, tc := range []struct {
		name string
		w    *os.File
		env  map[string]string
		want bool
	}{
		{"terminal", tty, map[string]string{"TERM": "xterm-256color"}, true},
		{"terminal without TERM", tty, nil, true},
		{"NO_COLOR", tty, map[string]string{"TERM": "xterm", "NO_COLOR": "1"}, false},
		{"NO_COLOR empty is unset", tty, map[string]string{"TERM": "xterm", "NO_COLOR": ""}, true},
		{"TERM=dumb", tty, map[string]string{"TERM": "dumb"}, false},
		{"pipe", pipeW, map[string]string{"TERM": "xterm"}, false},
	} {
		p := New(tc.w, func(k string) string { return tc.env[k] })
		got := p.Good("PASS")
		if coloured := strings.Contains(got, "\x1b["); coloured != tc.want {
			t.Errorf("%s: Good(PASS) = %q, coloured %v, want %v", tc.name, got, coloured, tc.want)
		}
		if !strings.Contains(got, "PASS") {
			t.Errorf("%s: the word itself is lost: %q", tc.name, got)
		}
	}
}
