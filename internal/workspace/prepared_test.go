package workspace

import (
	"os"
	"path/filepath"
	"slices"
	"testing"
)

func TestDepImports(t *testing.T) {
	imps := DepImports()
	if !slices.Contains(imps, "modernc.org/sqlite") || !slices.Contains(imps, "golang.org/x/sync/singleflight") {
		t.Fatalf("DepImports = %q: drill_deps.go's imports were not all read", imps)
	}
}

// Only the key last marked counts; a marker that is not a plain file (a
// link someone put there) is not read.
func TestPreparedMarker(t *testing.T) {
	ws, _, err := Init(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	if ws.Prepared("k1") {
		t.Fatal("a new workspace counts as prepared")
	}
	if err := ws.MarkPrepared("k1"); err != nil {
		t.Fatal(err)
	}
	if !ws.Prepared("k1") || ws.Prepared("k2") || ws.Prepared("") {
		t.Fatal("Prepared does not match the marked key alone")
	}
	target := filepath.Join(t.TempDir(), "elsewhere")
	if err := os.WriteFile(target, []byte("k3\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	os.Remove(ws.preparedPath())
	if err := os.Symlink(target, ws.preparedPath()); err != nil {
		t.Fatal(err)
	}
	if ws.Prepared("k3") {
		t.Fatal("a marker that is a symlink was trusted")
	}
}
