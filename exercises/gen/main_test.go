package main

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/drillhq/drill/exercises/internal/pack"
)

func TestRunWritesOnlyWhenFilesChange(t *testing.T) {
	dir := t.TempDir()
	src := filepath.Join(dir, "src")
	out := filepath.Join(dir, "out.tar.gz")
	os.MkdirAll(filepath.Join(src, "ex", "hidden"), 0o755)
	os.WriteFile(filepath.Join(src, "pack.json"), []byte("{}"), 0o644)
	os.WriteFile(filepath.Join(src, "ex", "hidden", "x_test.go"), []byte("package ex\n"), 0o644)

	if changed, err := run(src, out); err != nil || !changed {
		t.Fatalf("first run: changed %v, %v", changed, err)
	}
	files := decode(t, out)
	if string(files["ex/hidden/x_test.go"]) != "package ex\n" || len(files) != 2 {
		t.Fatalf("archive holds %q", files)
	}

	// No edit: the archive is left as it is, time and all.
	old := time.Now().Add(-time.Hour)
	os.Chtimes(out, old, old)
	if changed, err := run(src, out); err != nil || changed {
		t.Fatalf("run with no edit: changed %v, %v", changed, err)
	}
	if st, _ := os.Stat(out); !st.ModTime().Equal(old) {
		t.Fatal("run with no edit rewrote the archive")
	}

	// An edit is picked up.
	os.WriteFile(filepath.Join(src, "ex", "hidden", "x_test.go"), []byte("package ex // edited\n"), 0o644)
	if changed, err := run(src, out); err != nil || !changed {
		t.Fatalf("run after an edit: changed %v, %v", changed, err)
	}
	if got := decode(t, out)["ex/hidden/x_test.go"]; string(got) != "package ex // edited\n" {
		t.Fatalf("after an edit the archive holds %q", got)
	}

	// A corrupt archive is replaced, not trusted.
	os.WriteFile(out, []byte("garbage"), 0o644)
	if changed, err := run(src, out); err != nil || !changed {
		t.Fatalf("run over a corrupt archive: changed %v, %v", changed, err)
	}
	decode(t, out)
	if left, _ := filepath.Glob(filepath.Join(dir, ".curriculum-*")); len(left) != 0 {
		t.Fatalf("temporary files left behind: %q", left)
	}
}

func TestRunRefusesAnEmptyFolder(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "out.tar.gz")
	if _, err := run(dir, out); err == nil {
		t.Fatal("run packed an empty folder")
	}
	if _, err := run(filepath.Join(dir, "missing"), out); err == nil {
		t.Fatal("run packed a missing folder")
	}
	if _, err := os.Stat(out); err == nil {
		t.Fatal("a refused run wrote an archive")
	}
}

func decode(t *testing.T, path string) map[string][]byte {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	files, err := pack.Decode(data)
	if err != nil {
		t.Fatal(err)
	}
	return files
}
