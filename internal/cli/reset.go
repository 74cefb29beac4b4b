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
	mine, odd, err := readDir(dir)
	if err != nil {
		return err
	}
	// A FIFO, device or link in the folder is not kept (reading a FIFO
	// would block forever): it is removed, and the restore replaces it.
	for _, p := range odd {
		if err := os.Remove(p); err != nil {
			return err
		}
		c.out.Printf("Removed %s: not a regular file.\n", c.rel(p))
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

// readDir reads every regular file below dir (none if dir does not exist)
// and lists the paths of the other files.
func readDir(dir string) (map[string][]byte, []string, error) {
	files := map[string][]byte{}
	var odd []string
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if os.IsNotExist(err) {
			return filepath.SkipDir
		}
		if err != nil || d.IsDir() {
			return err
		}
		if !d.Type().IsRegular() {
			odd = append(odd, p)
			return nil
		}
		data, err := workspace.ReadRegular(p)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		files[filepath.ToSlash(rel)] = data
		return nil
	})
	if err != nil && !strings.Contains(err.Error(), "no such file") {
		return nil, nil, err
	}
	return files, odd, nil
}
