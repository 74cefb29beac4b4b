package grade

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// maxLearnerFile bounds one source file of the learner's: exercise files
// are a few kilobytes, and a huge one is a way to exhaust the grader.
const maxLearnerFile = 1 << 20

// LearnerFiles reads the Go files a check grades from the learner's
// exercise folder: every .go file that is not a test, in the folder and
// its subfolders (other packages of the fix), keyed by slash path. The
// learner's own *_test.go files never take part: a test file can define
// TestMain, run an init or overwrite the hidden tests' fixtures.
//
// Anything that is not a regular file (a symlink, a FIFO that would hang
// the go command, a device) is refused up front with a *RefusedError, as
// are folders the go command would skip or treat specially (vendor,
// testdata, names starting with . or _).
func LearnerFiles(dir string) (map[string][]byte, error) {
	files := map[string][]byte{}
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, path)
		rel = filepath.ToSlash(rel)
		if d.IsDir() {
			if path != dir && skippedDir(d.Name()) {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(d.Name(), ".go") || strings.HasSuffix(d.Name(), "_test.go") {
			return nil
		}
		if !d.Type().IsRegular() {
			return &RefusedError{Path: rel, Why: "is not a regular file (" + d.Type().String() + "): drill grades only plain source files"}
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		if info.Size() > maxLearnerFile {
			return &RefusedError{Path: rel, Why: fmt.Sprintf("is %d bytes: an exercise file is at most %d", info.Size(), maxLearnerFile)}
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		files[rel] = data
		return nil
	})
	return files, err
}

func skippedDir(name string) bool {
	return name == "vendor" || name == "testdata" || strings.HasPrefix(name, ".") || strings.HasPrefix(name, "_")
}

// RefusedError is a file in the learner's folder that drill will not grade.
type RefusedError struct {
	Path string // slash path below the exercise folder
	Why  string
}

func (e *RefusedError) Error() string { return e.Path + " " + e.Why }
