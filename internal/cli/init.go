package cli

import (
	"context"
	"flag"
	"path/filepath"

	"github.com/drillhq/drill/internal/workspace"
)

func runInit(_ context.Context, c *inv, args []string) error {
	fs := flag.NewFlagSet("init", flag.ContinueOnError)
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
	if !created {
		c.out.Printf("%s is already a drill workspace. Next: drill next\n", c.rel(ws.Root))
		return nil
	}
	c.out.Printf("Created a drill workspace in %s.\nNext: cd into it and run drill next\n", ws.Root)
	return nil
}
