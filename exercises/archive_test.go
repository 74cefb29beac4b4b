package exercises

import (
	"bytes"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/drillhq/drill/exercises/internal/pack"
)

// The embedded archive is what drill grades with, so an exercise edited in
// testdata/ without regenerating it would ship stale. Tests run in the
// package folder, so testdata/ here is the authoring tree on disk.
func TestArchiveIsCurrent(t *testing.T) {
	want, err := pack.Files(os.DirFS("testdata"))
	if err != nil {
		t.Fatal(err)
	}
	got, err := pack.Files(Curriculum())
	if err != nil {
		t.Fatal(err)
	}
	if diff := pack.Diff(want, got); len(diff) > 0 {
		if len(diff) > 10 {
			diff = append(diff[:10], "...")
		}
		t.Fatalf("curriculum.tar.gz is stale (%d of testdata/ differ: %s): run make curriculum",
			len(pack.Diff(want, got)), strings.Join(diff, ", "))
	}
}

// The shared, decoded curriculum cannot be edited through its interface.
func TestCurriculumIsReadOnly(t *testing.T) {
	fsys := Curriculum()
	if _, ok := fsys.(fstest.MapFS); ok {
		t.Fatal("Curriculum() is a MapFS: a caller could edit the shared copy")
	}
	a, err := fs.ReadFile(fsys, "pack.json")
	if err != nil {
		t.Fatal(err)
	}
	a[0] ^= 0xff
	b, _ := fs.ReadFile(fsys, "pack.json")
	if bytes.Equal(a, b) {
		t.Fatal("editing a read result changed the curriculum")
	}
}

// The point of the archive: a learner running strings on drill finds no
// hidden test and no reference fix. The control is the harness, still
// embedded raw: the same search must find one of its lines.
func TestBinaryHidesCurriculum(t *testing.T) {
	if testing.Short() {
		t.Skip("builds drill")
	}
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go command")
	}
	files, err := pack.Files(os.DirFS("testdata"))
	if err != nil {
		t.Fatal(err)
	}
	harnessSrc, err := pack.Files(os.DirFS("harness"))
	if err != nil {
		t.Fatal(err)
	}
	hidden := distinctiveLine(t, files, "/hidden/", harnessSrc)
	solution := distinctiveLine(t, files, "/solution/", harnessSrc)
	control := distinctiveLine(t, HarnessFiles(), "", nil)
	t.Logf("looking for hidden %q, solution %q, harness control %q", hidden, solution, control)

	bin := filepath.Join(t.TempDir(), "drill")
	cmd := exec.Command(goTool, "build", "-o", bin, "github.com/drillhq/drill/cmd/drill")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	data, err := os.ReadFile(bin)
	if err != nil {
		t.Fatal(err)
	}
	archiveBytes, err := os.ReadFile("curriculum.tar.gz")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(data, []byte(control)) {
		t.Fatalf("the binary lacks the harness line %q: this search would not find embedded source", control)
	}
	for _, line := range []string{hidden, solution} {
		if bytes.Contains(data, []byte(line)) {
			t.Errorf("the drill binary contains the curriculum line %q", line)
		}
		if bytes.Contains(archiveBytes, []byte(line)) {
			t.Errorf("curriculum.tar.gz contains %q raw: it is not compressed", line)
		}
	}
}

// distinctiveLine returns the longest line of the first Go file (by path)
// whose path contains dir, skipping lines also found in avoid's files, so
// that finding it in the binary can only mean the file itself was embedded.
func distinctiveLine(t *testing.T, files map[string][]byte, dir string, avoid map[string][]byte) string {
	t.Helper()
	var names []string
	for name := range files {
		if strings.Contains("/"+name, dir) && strings.HasSuffix(name, ".go") {
			names = append(names, name)
		}
	}
	slices.Sort(names)
	for _, name := range names {
		best := ""
		for line := range strings.Lines(string(files[name])) {
			line = strings.TrimSpace(line)
			if len(line) > len(best) && !inAny(avoid, line) {
				best = line
			}
		}
		if len(best) >= 40 {
			return best
		}
	}
	t.Fatalf("no Go file under %q has a line of 40 characters", dir)
	return ""
}

func inAny(files map[string][]byte, s string) bool {
	for _, data := range files {
		if bytes.Contains(data, []byte(s)) {
			return true
		}
	}
	return false
}

// The cost a command pays the first time it touches the curriculum.
func BenchmarkCurriculumDecode(b *testing.B) {
	b.SetBytes(int64(len(archive)))
	for b.Loop() {
		if _, err := pack.FS(archive); err != nil {
			b.Fatal(err)
		}
	}
}
