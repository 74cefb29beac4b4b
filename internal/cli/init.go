package cli

import (
	"context"
	"flag"
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/drillhq/drill/exercises"
	"github.com/drillhq/drill/internal/grade"
	"github.com/drillhq/drill/internal/term"
	"github.com/drillhq/drill/internal/workspace"
)

func runInit(cx context.Context, c *inv, args []string) error {
	fs := flag.NewFlagSet("init", flag.ContinueOnError)
	packDir := packFlag(fs)
	pos, err := parseFlags(c, "init", fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 1 {
		return usagef("expected at most one folder, got %d", len(pos))
	}
	dir := c.Dir
	if len(pos) == 1 {
		dir = pos[0]
		if !filepath.IsAbs(dir) {
			dir = filepath.Join(c.Dir, dir)
		}
	}
	ws, created, err := workspace.Init(dir)
	if err != nil {
		return err
	}
	if created {
		c.out.Printf("Created a drill workspace in %s.\n", ws.Root)
	}
	if *packDir != "" || c.packArg != "" {
		if _, err := c.loadPack(*packDir); err != nil {
			return err
		}
		if err := c.rememberPack(ws, *packDir); err != nil {
			return err
		}
	}
	if err := prepareWorkspace(cx, c, ws); err != nil {
		return err
	}
	if !created {
		c.out.Printf("%s is already a drill workspace. Next: drill next\n", c.rel(ws.Root))
		return nil
	}
	c.out.Printf("Next: cd into it and run drill next\n")
	return nil
}

// prepareWorkspace makes the machine able to grade in ws, whatever route
// installed drill: go install fetches only what drill's own build needs,
// not the modules the hidden tests import. It does nothing when a finished
// preparation's marker in ws still matches the toolchain, caches and
// go.sum; otherwise it prints one line per step, and a module that cannot
// be fetched ends the command with exit 3 and the command to run online.
func prepareWorkspace(cx context.Context, c *inv, ws *workspace.Workspace) error {
	key, err := grade.PrepareKey(cx, "", workspace.GoSum(), ws.GoSumFile())
	if err != nil {
		return err
	}
	if ws.Prepared(key) {
		return nil
	}
	c.out.Printf("Preparing this machine to grade (once):\n")
	err = grade.Prepare(cx, grade.PrepareRequest{
		Workspace:  ws.Root,
		GoMod:      workspace.GoMod(),
		GoSum:      workspace.GoSum(),
		Harness:    exercises.HarnessFiles(),
		HarnessDir: strings.TrimPrefix(exercises.HarnessImportPath, workspace.ModulePath+"/"),
		Imports:    workspace.DepImports(),
		Step:       newProgress(c.Stdout, term.IsTerminal(c.Stdout), time.Now).step,
	})
	if err != nil {
		return err
	}
	if err := ws.MarkPrepared(key); err != nil {
		return err
	}
	c.out.Printf("\n")
	return nil
}

// progress prints a preparation's steps, one line each, ending with the
// step's time. On a terminal the line counts the seconds while the step
// runs (a minute of silence looks like a hang); elsewhere (a CI log, a
// pipe) it is written once at the start and finished at the end.
type progress struct {
	w   io.Writer
	tty bool
	now func() time.Time
}

func newProgress(w io.Writer, tty bool, now func() time.Time) *progress {
	return &progress{w: w, tty: tty, now: now}
}

func (p *progress) step(what string) func(error) {
	start := p.now()
	fmt.Fprintf(p.w, "  %s ...", what)
	stop, ticked := make(chan struct{}), sync.WaitGroup{}
	if p.tty {
		ticked.Go(func() {
			t := time.NewTicker(time.Second)
			defer t.Stop()
			for {
				select {
				case <-stop:
					return
				case <-t.C:
					fmt.Fprintf(p.w, "\r  %s ... %s", what, p.since(start))
				}
			}
		})
	}
	return func(err error) {
		close(stop)
		ticked.Wait()
		prefix := " "
		if p.tty {
			prefix = fmt.Sprintf("\r  %s ... ", what)
		}
		if err != nil {
			fmt.Fprintf(p.w, "%sfailed after %s\n", prefix, p.since(start))
			return
		}
		fmt.Fprintf(p.w, "%sdone in %s\n", prefix, p.since(start))
	}
}

func (p *progress) since(start time.Time) string {
	return p.now().Sub(start).Round(100 * time.Millisecond).String()
}
