package cli

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/drillhq/drill/internal/term"
	"github.com/drillhq/drill/internal/workspace"
)

// Outside a terminal each step is one line, written as it starts (a CI log
// shows what is running) and finished with its time; on a terminal the
// line is rewritten in place.
func TestProgressLines(t *testing.T) {
	clock := time.Unix(0, 0)
	now := func() time.Time { return clock }
	var out bytes.Buffer
	p := newProgress(&out, false, now)
	done := p.step("Downloading")
	if got := out.String(); got != "  Downloading ..." {
		t.Fatalf("at the start of a step: %q", got)
	}
	clock = clock.Add(1500 * time.Millisecond)
	done(nil)
	fail := p.step("Compiling")
	clock = clock.Add(2 * time.Second)
	fail(errors.New("boom"))
	want := "  Downloading ... done in 1.5s\n  Compiling ... failed after 2s\n"
	if got := out.String(); got != want {
		t.Fatalf("progress printed %q, want %q", got, want)
	}

	out.Reset()
	tty := newProgress(&out, true, now)
	tty.step("Compiling")(nil)
	if got := out.String(); got != "  Compiling ...\r  Compiling ... done in 0s\n" {
		t.Fatalf("on a terminal: %q", got)
	}
}

// cancelOn is a Stdout that cancels the command's context once a marker
// appears in what it printed: Ctrl-C at a chosen step.
type cancelOn struct {
	mu     sync.Mutex
	buf    bytes.Buffer
	marker string
	cancel context.CancelFunc
}

func (w *cancelOn) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.buf.Write(p)
	if strings.Contains(w.buf.String(), w.marker) {
		w.cancel()
	}
	return len(p), nil
}

// Ctrl-C during the race build leaves no marker, so the next run prepares
// again instead of trusting half a build; a finished run leaves one, and
// the run after it skips preparing.
func TestPrepareInterruptedLeavesNoMarker(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the go command")
	}
	dir := t.TempDir()
	ws, _, err := workspace.Init(dir)
	if err != nil {
		t.Fatal(err)
	}
	marker := filepath.Join(dir, ".drill", "prepared")
	cx, cancel := context.WithCancel(context.Background())
	defer cancel()
	out := &cancelOn{marker: "with -race", cancel: cancel}
	c := &inv{Env: Env{Stdout: out, Stderr: out, Dir: dir, Getenv: func(string) string { return "" }, Now: time.Now}}
	c.out, c.err = term.New(out, c.Getenv), term.New(out, c.Getenv)
	if err := prepareWorkspace(cx, c, ws); !errors.Is(err, context.Canceled) {
		t.Fatalf("interrupted preparation returned %v, want context.Canceled (output %q)", err, out.buf.String())
	}
	if _, err := os.Stat(marker); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("an interrupted preparation left its marker (stat: %v)", err)
	}

	var full bytes.Buffer
	c.Stdout, c.Stderr = &full, &full
	c.out, c.err = term.New(&full, c.Getenv), term.New(&full, c.Getenv)
	if err := prepareWorkspace(context.Background(), c, ws); err != nil {
		t.Fatalf("preparing after the interruption: %v\n%s", err, full.String())
	}
	if !strings.Contains(full.String(), "with -race (once per Go version; a few minutes) ... done in") {
		t.Fatalf("the run after an interruption did not prepare again:\n%s", full.String())
	}
	if _, err := os.Stat(marker); err != nil {
		t.Fatalf("a finished preparation left no marker: %v", err)
	}
	full.Reset()
	if err := prepareWorkspace(context.Background(), c, ws); err != nil || full.Len() != 0 {
		t.Fatalf("a prepared workspace prepared again (err %v):\n%s", err, full.String())
	}
}
