package pack

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"errors"
	"io"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
	"time"
)

func sample() map[string][]byte {
	return map[string][]byte{
		"pack.json":                    []byte(`{"format_version": 1}`),
		"leak/code/leak.go":            []byte("package leak\n"),
		"leak/hidden/leak_test.go":     []byte("package leak\n// hidden\n"),
		"leak/.keep":                   {},
		"alpha/solution/a/b/c/deep.go": []byte(strings.Repeat("x", 1000)),
	}
}

func TestRoundTrip(t *testing.T) {
	data, err := Encode(sample())
	if err != nil {
		t.Fatal(err)
	}
	got, err := Decode(data)
	if err != nil {
		t.Fatal(err)
	}
	if !maps.EqualFunc(sample(), got, bytes.Equal) {
		t.Fatalf("round trip gave %q", got)
	}
}

// The archive is committed: the same files must give the same bytes, with
// nothing of the machine or the moment in the headers.
func TestEncodeIsDeterministic(t *testing.T) {
	a, err := Encode(sample())
	if err != nil {
		t.Fatal(err)
	}
	b, _ := Encode(sample())
	if !bytes.Equal(a, b) {
		t.Fatal("two encodings of the same files differ")
	}
	zr, err := gzip.NewReader(bytes.NewReader(a))
	if err != nil {
		t.Fatal(err)
	}
	if zr.Name != "" || zr.Comment != "" || !zr.ModTime.IsZero() {
		t.Fatalf("gzip header carries name %q, comment %q, time %v", zr.Name, zr.Comment, zr.ModTime)
	}
	tr := tar.NewReader(zr)
	var names []string
	for {
		hdr, err := tr.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		names = append(names, hdr.Name)
		if hdr.Mode != 0o644 || hdr.Uid != 0 || hdr.Gid != 0 || hdr.Uname != "" || hdr.Gname != "" ||
			!hdr.ModTime.Equal(time.Unix(0, 0)) || len(hdr.PAXRecords) != 0 {
			t.Errorf("%s: mode %o uid %d gid %d user %q group %q time %v pax %v",
				hdr.Name, hdr.Mode, hdr.Uid, hdr.Gid, hdr.Uname, hdr.Gname, hdr.ModTime, hdr.PAXRecords)
		}
	}
	if !slices.IsSorted(names) || len(names) != len(sample()) {
		t.Fatalf("entries %q, want all %d sorted", names, len(sample()))
	}
}

func TestEncodeRejectsUncleanNames(t *testing.T) {
	for _, name := range []string{"../escape", "/abs", "a//b", "."} {
		if _, err := Encode(map[string][]byte{name: nil}); err == nil {
			t.Errorf("Encode accepted %q", name)
		}
	}
}

// rawArchive builds an archive by hand, with what Write never writes.
func rawArchive(t *testing.T, hdrs ...*tar.Header) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	tw := tar.NewWriter(zw)
	for _, h := range hdrs {
		if err := tw.WriteHeader(h); err != nil {
			t.Fatal(err)
		}
		// At most 1KiB: a header may claim more than the stream holds.
		tw.Write(bytes.Repeat([]byte("x"), int(min(h.Size, 1<<10))))
	}
	tw.Close()
	zw.Close()
	return buf.Bytes()
}

func TestDecodeRejectsWhatWriteNeverWrites(t *testing.T) {
	reg := func(name string) *tar.Header {
		return &tar.Header{Typeflag: tar.TypeReg, Name: name, Mode: 0o644, Size: 1}
	}
	// Each case names the words its error must carry: a refusal for
	// another reason would hide the check going missing.
	cases := []struct {
		why  string
		hdrs []*tar.Header
	}{
		{"not a regular file", []*tar.Header{{Typeflag: tar.TypeSymlink, Name: "a/link", Linkname: "/etc/passwd"}}},
		{"not a regular file", []*tar.Header{{Typeflag: tar.TypeDir, Name: "a/", Mode: 0o755}}},
		{"not a clean relative path", []*tar.Header{reg("../outside")}},
		{"not a clean relative path", []*tar.Header{reg("/etc/passwd")}},
		{"appears twice", []*tar.Header{reg("a/x"), reg("a/x")}},
		// A header asking for more than any file could be: refused before
		// the allocation, not by the short read after it.
		{"out of range", []*tar.Header{{Typeflag: tar.TypeReg, Name: "a/x", Mode: 0o644, Size: maxFile + 1}}},
		{"unexpected EOF", []*tar.Header{{Typeflag: tar.TypeReg, Name: "a/x", Mode: 0o644, Size: 4 << 10}}},
	}
	for _, c := range cases {
		_, err := Decode(rawArchive(t, c.hdrs...))
		if err == nil || !strings.Contains(err.Error(), c.why) {
			t.Errorf("%s: Decode error %v, want one saying %q", c.hdrs[len(c.hdrs)-1].Name, err, c.why)
		}
	}
	// The look-alike: the same hand-built way, regular files only, decodes.
	got, err := Decode(rawArchive(t, reg("a/x"), reg("a/y"), &tar.Header{Typeflag: tar.TypeReg, Name: "a/k", Mode: 0o644, Size: 1 << 10}))
	if err != nil || len(got) != 3 || len(got["a/k"]) != 1<<10 {
		t.Fatalf("a plain hand-built archive: %q, %v", got, err)
	}
	if _, err := Decode([]byte("not gzip")); err == nil {
		t.Error("Decode accepted bytes that are not gzip")
	}
}

func TestFilesReadsRegularFilesOnly(t *testing.T) {
	dir := t.TempDir()
	os.MkdirAll(filepath.Join(dir, "a", "b"), 0o755)
	os.MkdirAll(filepath.Join(dir, "empty"), 0o755)
	os.WriteFile(filepath.Join(dir, "a", "b", "f.go"), []byte("package b\n"), 0o600)
	os.WriteFile(filepath.Join(dir, ".hidden"), []byte("dot"), 0o644)
	got, err := Files(os.DirFS(dir))
	if err != nil {
		t.Fatal(err)
	}
	want := map[string][]byte{"a/b/f.go": []byte("package b\n"), ".hidden": []byte("dot")}
	if !maps.EqualFunc(want, got, bytes.Equal) {
		t.Fatalf("Files = %q, want %q", got, want)
	}
	if err := os.Symlink("a/b/f.go", filepath.Join(dir, "link.go")); err != nil {
		t.Skip("no symlinks here:", err)
	}
	if _, err := Files(os.DirFS(dir)); err == nil {
		t.Fatal("Files accepted a symlink the archive cannot hold")
	}
}

func TestFS(t *testing.T) {
	data, _ := Encode(sample())
	fsys, err := FS(data)
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := fsys.(fstest.MapFS); ok {
		t.Fatal("FS returned its MapFS: callers could edit the shared map")
	}
	if err := fstest.TestFS(fsys, "pack.json", "leak/code/leak.go", "alpha/solution/a/b/c/deep.go"); err != nil {
		t.Fatal(err)
	}
	sub, err := fs.Sub(fsys, "leak")
	if err != nil {
		t.Fatal(err)
	}
	entries, err := fs.ReadDir(sub, ".")
	if err != nil || len(entries) != 3 {
		t.Fatalf("leak/ lists %v (%v), want .keep, code, hidden", entries, err)
	}
	st, err := fs.Stat(fsys, "leak/code/leak.go")
	if err != nil || st.Mode().Perm()&0o222 != 0 {
		t.Fatalf("leak.go: %v, %v: want a read-only file", st, err)
	}
}

func TestDiff(t *testing.T) {
	want := sample()
	if d := Diff(want, sample()); len(d) != 0 {
		t.Fatalf("equal trees differ in %q", d)
	}
	got := sample()
	delete(got, "pack.json")
	got["leak/code/leak.go"] = []byte("package leak // edited\n")
	got["leak/code/new.go"] = []byte("package leak\n")
	d := Diff(want, got)
	if !slices.Equal(d, []string{"leak/code/leak.go", "leak/code/new.go", "pack.json"}) {
		t.Fatalf("Diff = %q", d)
	}
	// An empty file and a missing one are not the same tree.
	got = sample()
	delete(got, "leak/.keep")
	if d := Diff(want, got); !slices.Equal(d, []string{"leak/.keep"}) {
		t.Fatalf("a missing empty file: Diff = %q", d)
	}
}
