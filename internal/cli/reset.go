package cli

import (
	"context"
	"flag"
	"os"
	"path/filepath"
	"strings"

	"github.com/drillhq/drill/internal/workspace"
)

func runReset(_ context.Context, c *inv, args []string) error {
	fs := flag.NewFlagSet("reset", flag.ContinueOnError)
	packDir := packFlag(fs)
	pos, err := parseFlags(c, "reset", fs, args)
	if err != nil {
		return err
	}
	t, err := c.target(*packDir, pos)
	if err != nil {
		return err
	}
	ws, ex := t.ws, t.ex
	dir := ws.ExerciseDir(ex.ID)
	mine, err := readDir(dir)
	if err != nil {
		return err
	}
	saved, err := backup(c, ws, ex.ID, mine)
	if err != nil {
		return err
	}
	if err := workspace.WriteFiles(dir, ex.Code); err != nil {
		return err
	}
	c.out.Printf("Restored the original %s in %s.\n", ex.ID, c.rel(dir))
	if saved != "" {
		c.out.Printf("Your version is kept in %s.\n", c.rel(saved))
	}
	return nil
}

// readDir reads every file below dir (none if dir does not exist).
func readDir(dir string) (map[string][]byte, error) {
	files := map[string][]byte{}
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if os.IsNotExist(err) {
			return filepath.SkipDir
		}
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		files[filepath.ToSlash(rel)] = data
		return nil
	})
	if err != nil && !strings.Contains(err.Error(), "no such file") {
		return nil, err
	}
	return files, nil
}
