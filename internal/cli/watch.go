package cli

import (
	"context"
	"crypto/sha256"
	"errors"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/drillhq/drill/internal/grade"
	"github.com/drillhq/drill/internal/term"
)

// drill check --watch polls the exercise folder instead of asking the
// system for change events: an exercise is a few small files, a poll costs
// next to nothing, and it works the same on every platform and for every
// way an editor saves (in place, or a temporary file renamed over the
// original, or deleted and written anew).
const (
	watchPoll   = 300 * time.Millisecond
	watchSettle = 400 * time.Millisecond // no change for this long: the save is over
)

// watchCheck grades t's exercise, then again after each change to its
// files, until cx is cancelled (Ctrl-C), which also cancels a check that
// is running. Each grade counts as a check: a solve is recorded.
func watchCheck(cx context.Context, c *inv, t *target, opt checkOptions) error {
	w := folderWatch{dir: t.ws.ExerciseDir(t.ex.ID), poll: watchPoll, settle: watchSettle}
	tty := term.IsTerminal(c.Stdout)
	header := "Watching " + t.ex.ID + ": edit and save to re-check; Ctrl-C stops."
	changed := ""
	for round := 0; ; round++ {
		switch {
		case tty:
			// Clear and redraw: the screen shows the latest verdict only.
			c.out.Printf("\x1b[H\x1b[2J%s\n\n", c.out.Bold(header))
		case round == 0:
			c.out.Printf("%s\n\n", header)
		default:
			// A log keeps every verdict, each under a line saying when
			// and why it was made.
			c.out.Printf("\n%s %s: %s changed %s\n\n", strings.Repeat("-", 8), c.Now().Format("15:04:05"), changed, strings.Repeat("-", 8))
		}
		before := w.snapshot()
		_, err := checkOnce(cx, c, t, opt)
		if cx.Err() != nil {
			return stopWatching(c, t)
		}
		if _, ok := errors.AsType[*grade.EnvError](err); ok {
			// The machine cannot grade: no save will change that.
			return err
		}
		if err != nil {
			c.err.Printf("drill check: %v\n", err)
		}
		if changed = w.next(cx, before); changed == "" {
			return stopWatching(c, t)
		}
	}
}

func stopWatching(c *inv, t *target) error {
	c.out.Printf("\nstopped watching %s\n", t.ex.ID)
	return nil
}

// folderWatch polls the files below dir.
type folderWatch struct {
	dir          string
	poll, settle time.Duration
}

// stamp is what a poll knows of one file. The content's hash catches an
// edit that keeps the size within the file system's time resolution; the
// modification time catches a save of the same bytes, which asks for a
// check as well.
type stamp struct {
	size    int64
	modTime time.Time
	sum     [sha256.Size]byte
}

// maxHashed bounds the files a poll reads; a bigger one (a stray binary)
// is watched by size and time only.
const maxHashed = 1 << 20

// snapshot stamps every regular file below the folder, by slash path. A
// file that vanishes mid-walk, or the folder itself missing, reads as
// absent: the next poll sees it come back.
func (w *folderWatch) snapshot() map[string]stamp {
	files := map[string]stamp{}
	_ = filepath.WalkDir(w.dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !d.Type().IsRegular() || scratchFile(d.Name()) {
			return nil
		}
		info, err := d.Info()
		if err != nil {
			return nil
		}
		s := stamp{size: info.Size(), modTime: info.ModTime()}
		if info.Size() <= maxHashed {
			data, err := os.ReadFile(path)
			if err != nil {
				return nil
			}
			s.sum = sha256.Sum256(data)
		}
		rel, _ := filepath.Rel(w.dir, path)
		files[filepath.ToSlash(rel)] = s
		return nil
	})
	return files
}

// scratchFile reports whether name is an editor's temporary or backup file
// (.main.go.swp, #main.go#, main.go~): they change while the learner types
// and say nothing about what was saved. A rename-save's temporary file is
// one of these, and its rename shows as a change of the file it replaces.
func scratchFile(name string) bool {
	return strings.HasPrefix(name, ".") || strings.HasPrefix(name, "#") || strings.HasSuffix(name, "~")
}

// next waits until the files differ from before and then stay unchanged
// for the settle time, and returns the first changed path ("" when cx is
// cancelled first).
func (w *folderWatch) next(cx context.Context, before map[string]stamp) string {
	tick := time.NewTicker(w.poll)
	defer tick.Stop()
	last, changed, since := before, "", time.Time{}
	for {
		select {
		case <-cx.Done():
			return ""
		case <-tick.C:
		}
		now := w.snapshot()
		if d := firstDifference(last, now); d != "" {
			last, since = now, time.Now()
			if changed == "" {
				changed = d
			}
			continue
		}
		if changed != "" && time.Since(since) >= w.settle {
			if firstDifference(before, now) == "" {
				// Changed and changed back (an editor's save and undo):
				// nothing new to grade.
				changed = ""
				continue
			}
			return changed
		}
	}
}

// firstDifference returns the first path, in sorted order, that was added,
// removed or changed between a and b, or "".
func firstDifference(a, b map[string]stamp) string {
	paths := slices.Sorted(maps.Keys(a))
	for p := range b {
		if _, ok := a[p]; !ok {
			paths = append(paths, p)
		}
	}
	slices.Sort(paths)
	for _, p := range paths {
		sa, inA := a[p]
		sb, inB := b[p]
		if inA != inB || sa.size != sb.size || !sa.modTime.Equal(sb.modTime) || sa.sum != sb.sum {
			return p
		}
	}
	return ""
}
