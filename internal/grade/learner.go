package grade

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"unicode/utf8"
)

// Bounds on what a check reads: exercise files are a few kilobytes, and
// huge or countless ones are a way to exhaust the grader.
const (
	maxLearnerFile  = 1 << 20
	maxLearnerTotal = 4 << 20
	maxLearnerFiles = 200
)

// otherSources are files the go command would compile or link besides Go
// files. drill grades Go only; such a file is refused rather than silently
// left out of the graded build.
var otherSources = []string{".s", ".S", ".sx", ".c", ".cc", ".cpp", ".cxx", ".h", ".hh", ".hpp", ".hxx", ".m", ".f", ".F", ".for", ".f90", ".syso", ".swig", ".swigcxx"}

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
	if st, err := os.Lstat(dir); err != nil {
		return nil, err
	} else if !st.IsDir() {
		return nil, &RefusedError{Path: ".", Why: "is not a plain folder (" + st.Mode().Type().String() + "): drill grades the exercise folder itself, not a link to one"}
	}
	files := map[string][]byte{}
	total := 0
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, path)
		rel = filepath.ToSlash(rel)
		if !utf8.ValidString(rel) {
			return &RefusedError{Path: strings.ToValidUTF8(rel, "?"), Why: "has a name that is not valid UTF-8: rename it"}
		}
		if d.IsDir() {
			if path != dir && skippedDir(d.Name()) {
				return filepath.SkipDir
			}
			return nil
		}
		if slices.Contains(otherSources, filepath.Ext(d.Name())) {
			return &RefusedError{Path: rel, Why: "is not a Go file: drill grades Go source only (no assembly, C or object files)"}
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
		if total += int(info.Size()); total > maxLearnerTotal || len(files) >= maxLearnerFiles {
			return &RefusedError{Path: rel, Why: fmt.Sprintf("is one file too many: an exercise fix is at most %d Go files and %d MiB", maxLearnerFiles, maxLearnerTotal>>20)}
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
