// Package workspace manages a learner's workspace: a Go module of its own
// (so exercises build offline from the module cache drill's build filled)
// plus .drill/ for progress, backups and locks.
package workspace

import (
	_ "embed"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// ModulePath is the learner module's path. Hidden tests import the harness
// from below it.
const ModulePath = "drill.workspace"

// The go.mod and go.sum a new workspace starts with. They require only
// modules drill's own go.mod requires at the same versions (a test keeps
// them in step), so nothing is downloaded after drill is installed.
var (
	//go:embed template/workspace.mod
	goMod []byte
	//go:embed template/workspace.sum
	goSum []byte
	// drillDeps names the harness's modules in a file no build compiles,
	// so `go mod tidy` in the workspace keeps them (and grading working).
	//go:embed template/drill_deps.go.txt
	drillDeps []byte
)

// ErrNotFound means no workspace contains the folder.
var ErrNotFound = errors.New("no drill workspace here")

// Workspace is a folder holding go.mod and .drill/.
type Workspace struct {
	Root string
}

func (w *Workspace) metaDir() string { return filepath.Join(w.Root, ".drill") }

// MetaPath is the path of name inside .drill/, for a feature's own file
// (an interview session, cached verdicts) next to the progress record.
func (w *Workspace) MetaPath(name string) string { return filepath.Join(w.metaDir(), name) }

// ExerciseDir is where exercise id's files live.
func (w *Workspace) ExerciseDir(id string) string { return filepath.Join(w.Root, id) }

// BackupDir is where reset keeps the learner's own version.
func (w *Workspace) BackupDir() string { return filepath.Join(w.metaDir(), "backup") }

// Find walks up from dir to the nearest folder holding .drill/.
func Find(dir string) (*Workspace, error) {
	dir, err := filepath.Abs(dir)
	if err != nil {
		return nil, err
	}
	for d := dir; ; {
		if st, err := os.Stat(filepath.Join(d, ".drill")); err == nil && st.IsDir() {
			return &Workspace{Root: d}, nil
		}
		parent := filepath.Dir(d)
		if parent == d {
			return nil, ErrNotFound
		}
		d = parent
	}
}

// Init makes dir a workspace (creating it if needed). An existing
// workspace is left as it is; a folder that already holds a different go.mod
// is refused, because exercises must build as part of drill's module.
func Init(dir string) (*Workspace, bool, error) {
	dir, err := filepath.Abs(dir)
	if err != nil {
		return nil, false, err
	}
	w := &Workspace{Root: dir}
	if st, err := os.Stat(w.metaDir()); err == nil && st.IsDir() {
		return w, false, nil
	}
	if data, err := os.ReadFile(filepath.Join(dir, "go.mod")); err == nil && !strings.Contains(string(data), "module "+ModulePath+"\n") {
		return nil, false, fmt.Errorf("%s already holds a go.mod of another module: run drill init in an empty folder", dir)
	}
	if err := os.MkdirAll(w.metaDir(), 0o755); err != nil {
		return nil, false, fmt.Errorf("cannot create the workspace: %w", err)
	}
	files := map[string][]byte{
		"go.mod":        goMod,
		"go.sum":        goSum,
		"drill_deps.go": drillDeps,
	}
	for name, data := range files {
		if err := WriteFileAtomic(filepath.Join(dir, name), data); err != nil {
			return nil, false, err
		}
	}
	if err := ignoreBackups(dir); err != nil {
		return nil, false, err
	}
	return w, true, nil
}

// gitignoreLine keeps reset's backups of the learner's code out of git.
const gitignoreLine = ".drill/backup/"

// ignoreBackups adds gitignoreLine to dir's .gitignore, creating the file
// if there is none; a .gitignore the user wrote is kept and appended to,
// once.
func ignoreBackups(dir string) error {
	p := filepath.Join(dir, ".gitignore")
	old, err := os.ReadFile(p)
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	for line := range strings.SplitSeq(string(old), "\n") {
		if strings.TrimSpace(line) == gitignoreLine {
			return nil
		}
	}
	data := old
	if len(data) > 0 && data[len(data)-1] != '\n' {
		data = append(data, '\n')
	}
	return WriteFileAtomic(p, append(data, gitignoreLine+"\n"...))
}

func (w *Workspace) packPath() string { return filepath.Join(w.metaDir(), "pack") }

// Pack returns the exercise pack folder the workspace remembers, or "" for
// the embedded curriculum.
func (w *Workspace) Pack() (string, error) {
	data, err := ReadRegular(w.packPath())
	if errors.Is(err, fs.ErrNotExist) {
		return "", nil
	}
	if err != nil {
		return "", err
	}
	return strings.TrimSpace(string(data)), nil
}

// SetPack remembers the pack folder dir ("" or "builtin": the embedded
// curriculum) for later commands in the workspace.
func (w *Workspace) SetPack(dir string) error {
	if dir == "" {
		if err := os.Remove(w.packPath()); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return err
		}
		return nil
	}
	return WriteFileAtomic(w.packPath(), []byte(dir+"\n"))
}

// GoMod returns the go.mod a new workspace gets.
func GoMod() []byte { return goMod }

// GoSum returns the go.sum a new workspace gets.
func GoSum() []byte { return goSum }

// WriteFiles writes files (slash-separated relative paths) below dir.
func WriteFiles(dir string, files map[string][]byte) error {
	for _, name := range sortedKeys(files) {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return err
		}
		if err := WriteFileAtomic(p, files[name]); err != nil {
			return err
		}
	}
	return nil
}

// ReadFiles reads the files named in want from dir; a missing file, or one
// that is not a regular file, reads as absent from the result rather than
// as an error.
func ReadFiles(dir string, want map[string][]byte) (map[string][]byte, error) {
	out := map[string][]byte{}
	for name := range want {
		data, err := ReadRegular(filepath.Join(dir, filepath.FromSlash(name)))
		if errors.Is(err, fs.ErrNotExist) || errors.Is(err, ErrNotRegular) {
			continue
		}
		if err != nil {
			return nil, err
		}
		out[name] = data
	}
	return out, nil
}

// WriteFileAtomic replaces path with data so that a crash or Ctrl-C leaves
// either the old or the new content, never a torn file.
func WriteFileAtomic(path string, data []byte) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".tmp-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name()) // no-op after a successful rename
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	if err := os.Chmod(tmp.Name(), 0o644); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}

func sortedKeys(m map[string][]byte) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// ErrNotRegular is a path in the workspace that is not a plain file: a FIFO
// (whose read would block forever), a device, a socket or a symlink.
var ErrNotRegular = errors.New("not a regular file")

// ReadRegular reads path only if it is a regular file, so that no learner
// folder can make drill block on a FIFO or read through a link.
func ReadRegular(path string) ([]byte, error) {
	st, err := os.Lstat(path)
	if err != nil {
		return nil, err
	}
	if !st.Mode().IsRegular() {
		return nil, fmt.Errorf("%s: %w (%s)", path, ErrNotRegular, st.Mode().Type())
	}
	return os.ReadFile(path)
}
