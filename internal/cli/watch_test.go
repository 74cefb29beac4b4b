package cli

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// Each way an editor saves shows as a change of the file saved; its
// scratch files do not.
func TestSnapshotSeesEverySave(t *testing.T) {
	dir := t.TempDir()
	w := folderWatch{dir: dir}
	main := filepath.Join(dir, "main.go")
	write(t, main, "package main // one\n")
	mtime := time.Now().Add(-time.Hour).Truncate(time.Second)
	if err := os.Chtimes(main, mtime, mtime); err != nil {
		t.Fatal(err)
	}
	saves := []struct {
		name string
		save func()
		want string // the path reported changed; "" for none
	}{
		{"scratch files", func() {
			write(t, filepath.Join(dir, ".main.go.swp"), "x")
			write(t, filepath.Join(dir, "#main.go#"), "x")
			write(t, filepath.Join(dir, "main.go~"), "x")
		}, ""},
		{"same size, same time, other bytes", func() {
			write(t, main, "package main // two\n")
			if err := os.Chtimes(main, mtime, mtime); err != nil {
				t.Fatal(err)
			}
		}, "main.go"},
		{"same bytes saved again", func() { write(t, main, "package main // two\n") }, "main.go"},
		{"rename-save", func() {
			tmp := filepath.Join(dir, ".main.go.tmp")
			write(t, tmp, "package main // three\n")
			if err := os.Rename(tmp, main); err != nil {
				t.Fatal(err)
			}
		}, "main.go"},
		{"deleted", func() {
			if err := os.Remove(main); err != nil {
				t.Fatal(err)
			}
		}, "main.go"},
		{"recreated", func() { write(t, main, "package main // three\n") }, "main.go"},
		{"new file in a subfolder", func() { write(t, filepath.Join(dir, "inner", "inner.go"), "package inner\n") }, "inner/inner.go"},
	}
	before := w.snapshot()
	for _, s := range saves {
		s.save()
		after := w.snapshot()
		if got := firstDifference(before, after); got != s.want {
			t.Errorf("%s: changed %q, want %q", s.name, got, s.want)
		}
		before = after
	}

	// The folder gone and back reads as every file removed, then added.
	gone := folderWatch{dir: filepath.Join(dir, "nowhere")}
	if len(gone.snapshot()) != 0 {
		t.Error("a missing folder has files")
	}
}

// next returns once per burst of writes, after they stop, and naming the
// first file changed; a change undone within the burst is no change.
func TestNextWaitsForTheSaveToSettle(t *testing.T) {
	dir := t.TempDir()
	a, b := filepath.Join(dir, "a.go"), filepath.Join(dir, "b.go")
	write(t, a, "package a\n")
	w := folderWatch{dir: dir, poll: 5 * time.Millisecond, settle: 300 * time.Millisecond}
	cx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()

	before := w.snapshot()
	lastWrite := make(chan time.Time, 1)
	go func() {
		// An editor's save in several writes, each well within the
		// settle time of the one before: a.go first, then b.go.
		_ = os.WriteFile(a, []byte("package a // saved\n"), 0o644)
		for i := range 5 {
			time.Sleep(10 * time.Millisecond)
			_ = os.WriteFile(b, []byte("package b // "+string(rune('0'+i))+"\n"), 0o644)
		}
		lastWrite <- time.Now()
	}()
	changed := w.next(cx, before)
	done := time.Now()
	last := <-lastWrite
	if changed != "a.go" {
		t.Errorf("changed %q, want a.go, the first file saved", changed)
	}
	if done.Sub(last) < w.settle {
		t.Errorf("next returned %v after the last write: before the save settled", done.Sub(last))
	}

	// Changed and changed back within the settle time: nothing to grade,
	// still waiting when cancelled.
	w.settle = time.Second
	before = w.snapshot()
	stat, _ := os.Stat(a)
	data, _ := os.ReadFile(a)
	short, stop := context.WithTimeout(cx, 3*w.settle)
	defer stop()
	got := make(chan string)
	go func() { got <- w.next(short, before) }()
	write(t, a, "package a // scratch\n")
	time.Sleep(w.settle / 10) // some polls see the scratch version
	write(t, a, string(data))
	if err := os.Chtimes(a, stat.ModTime(), stat.ModTime()); err != nil {
		t.Fatal(err)
	}
	if c := <-got; c != "" {
		t.Errorf("an undone change was reported: %q", c)
	}
}
