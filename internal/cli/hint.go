package cli

import (
	"context"
	"flag"
	"fmt"
	"strings"

	"github.com/drillhq/drill/internal/workspace"
)

func runHint(_ context.Context, c *inv, args []string) error {
	fs := flag.NewFlagSet("hint", flag.ContinueOnError)
	packDir := packFlag(fs)
	pos, err := parseFlags(c, "hint", fs, args)
	if err != nil {
		return err
	}
	t, err := c.target(*packDir, pos)
	if err != nil {
		return err
	}
	ws, ex := t.ws, t.ex
	var shown int
	err = ws.Update(func(st *workspace.State) error {
		p := st.Get(ex.ID)
		if p.HintsShown < len(ex.Hints) {
			p.HintsShown++
		}
		shown = p.HintsShown
		return nil
	})
	if err != nil {
		return err
	}
	c.out.Printf("%s\n%s\n", c.out.Bold(hintHeader(shown, len(ex.Hints), ex.ID)), strings.TrimSpace(ex.Hints[shown-1]))
	if shown < len(ex.Hints) {
		c.out.Printf("\n%s\n", c.out.Faint("Run drill hint again for a stronger one."))
	} else {
		c.out.Printf("\n%s\n", c.out.Faint("That was the last hint. drill solution --reveal shows the fix (recorded as revealed)."))
	}
	return nil
}

func hintHeader(n, total int, id string) string {
	return fmt.Sprintf("Hint %d/%d for %s:", n, total, id)
}
