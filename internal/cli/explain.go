package cli

import (
	"golang.org/x/tools/go/analysis"

	"context"
	"flag"
	"fmt"
	"strings"

	"github.com/drillhq/drill/analyzers"
)

func runExplain(_ context.Context, c *inv, args []string) error {
	fs := flag.NewFlagSet("explain", flag.ContinueOnError)
	pos, err := parseFlags(c, "explain", fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 1 {
		return usagef("expected at most one analyzer name")
	}
	if len(pos) == 0 {
		c.out.Printf("drill's analyzers (drill explain NAME for details):\n")
		list := func(as []*analysis.Analyzer) {
			for _, a := range as {
				title, _, _ := strings.Cut(a.Doc, "\n")
				title = strings.TrimPrefix(title, a.Name+": ") // upstream titles repeat the name
				c.out.Printf("  %-12s %s\n", a.Name, title)
			}
		}
		list(analyzers.All)
		c.out.Printf("\nfrom golang.org/x/tools, run by drill-vet too:\n")
		list(analyzers.Borrowed)
		return nil
	}
	a := analyzers.ByName(pos[0])
	if a == nil {
		return &exitError{code: ExitUsage, msg: fmt.Sprintf("no analyzer %q: run drill explain for the list", pos[0])}
	}
	c.out.Printf("%s: %s\n", c.out.Bold(a.Name), strings.TrimSpace(a.Doc))
	return nil
}
