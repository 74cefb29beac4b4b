//go:build unix

package grade

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"syscall"
	"testing"
)

func TestLearnerFiles(t *testing.T) {
	dir := t.TempDir()
	write := func(name, body string) {
		p := filepath.Join(dir, filepath.FromSlash(name))
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("a.go", "package a")
	write("a_test.go", "package a // the learner's own test: never graded")
	write("inner/b.go", "package inner")
	write("notes.md", "not Go")
	write("vendor/x/x.go", "package x")
	write("testdata/t.go", "package t")
	write(".hidden/h.go", "package h")
	got, err := LearnerFiles(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || got["a.go"] == nil || got["inner/b.go"] == nil {
		t.Fatalf("LearnerFiles = %v, want a.go and inner/b.go only", keys(got))
	}

	for name, create := range map[string]func(string) error{
		"fifo.go":    func(p string) error { return syscall.Mkfifo(p, 0o644) },
		"link.go":    func(p string) error { return os.Symlink(filepath.Join(dir, "a.go"), p) },
		"inner/l.go": func(p string) error { return os.Symlink("/dev/zero", p) },
	} {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := create(p); err != nil {
			t.Fatal(err)
		}
		_, err := LearnerFiles(dir)
		var refused *RefusedError
		if !errors.As(err, &refused) || refused.Path != name {
			t.Errorf("with %s: err = %v, want it refused by name", name, err)
		}
		os.Remove(p)
	}

	for _, name := range []string{"add_amd64.s", "helper.c", "blob.syso", "sum\xff.go"} {
		write(name, "x")
		_, err := LearnerFiles(dir)
		if _, ok := errors.AsType[*RefusedError](err); !ok {
			t.Errorf("with %q: err = %v, want it refused", name, err)
		}
		os.Remove(filepath.Join(dir, name))
	}

	link := filepath.Join(t.TempDir(), "linked")
	os.Symlink(dir, link)
	if _, err := LearnerFiles(link); err == nil {
		t.Error("a symlinked exercise folder was read")
	}

	for i := range maxLearnerFiles {
		write(fmt.Sprintf("many/f%d.go", i), "package many")
	}
	if _, err := LearnerFiles(dir); err == nil {
		t.Error("more files than the limit were read")
	}
	os.RemoveAll(filepath.Join(dir, "many"))

	write("big.go", string(make([]byte, maxLearnerFile+1)))
	if _, err := LearnerFiles(dir); err == nil {
		t.Error("a file over the size limit was read")
	}
}

func keys(m map[string][]byte) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}
