// Command gen packs the curriculum folder into the archive drill embeds:
//
//	go run ./gen [-src testdata] [-out curriculum.tar.gz]
//
// run from exercises/ (go generate and make curriculum do). The archive is
// rewritten only when its files differ from the folder's, so a run after no
// edit leaves the committed bytes (and their time) alone, even under a Go
// release whose compressor writes different bytes for the same files.
package main

import (
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/drillhq/drill/exercises/internal/pack"
)

func main() {
	src := flag.String("src", "testdata", "curriculum `folder` to pack")
	out := flag.String("out", "curriculum.tar.gz", "archive `file` to write")
	flag.Parse()
	changed, err := run(*src, *out)
	if err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
	if changed {
		fmt.Printf("gen: wrote %s\n", *out)
	}
}

// run packs src into out unless out already holds the same files, and says
// whether it wrote.
func run(src, out string) (bool, error) {
	files, err := pack.Files(os.DirFS(src))
	if err != nil {
		return false, err
	}
	if len(files) == 0 {
		return false, fmt.Errorf("%s holds no files", src)
	}
	old, err := os.ReadFile(out)
	switch {
	case errors.Is(err, fs.ErrNotExist):
	case err != nil:
		return false, err
	default:
		if cur, err := pack.Decode(old); err == nil && len(pack.Diff(files, cur)) == 0 {
			return false, nil
		}
	}
	data, err := pack.Encode(files)
	if err != nil {
		return false, err
	}
	// Write beside the target and rename, so an interrupted run never
	// leaves a truncated archive for the next build to embed.
	tmp, err := os.CreateTemp(filepath.Dir(out), ".curriculum-*.tar.gz")
	if err != nil {
		return false, err
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return false, err
	}
	if err := tmp.Close(); err != nil {
		return false, err
	}
	if err := os.Chmod(tmp.Name(), 0o644); err != nil {
		return false, err
	}
	return true, os.Rename(tmp.Name(), out)
}
