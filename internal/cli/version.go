package cli

import (
	"context"
	"flag"
	"runtime/debug"
)

func runVersion(_ context.Context, c *inv, args []string) error {
	fs := flag.NewFlagSet("version", flag.ContinueOnError)
	if _, err := parseFlags(c, "version", fs, args); err != nil {
		return err
	}
	version := "(devel)"
	if info, ok := debug.ReadBuildInfo(); ok && info.Main.Version != "" {
		version = info.Main.Version
	}
	c.out.Printf("drill %s\n", version)
	return nil
}
