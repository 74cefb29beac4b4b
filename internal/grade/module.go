package grade

import (
	"bytes"
	"fmt"
	"maps"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"strings"

	"github.com/rogpeppe/go-internal/lockedfile"
)

// The grading module. A check never builds in the learner's workspace: it
// copies the learner's package into a module drill owns (its own go.mod,
// go.sum and harness, no vendor folder, no go.work), so nothing of the
// workspace's module context (a replace, a vendored goleak, a renamed
// module, an extra file in harness/) reaches the graded build.
//
// The module lives at a fixed place in drill's cache (Request.GradeRoot),
// one folder per exercise, so the go command's build and vet caches keep
// working across checks exactly as they would in the workspace. A lock per
// exercise keeps two checks of one exercise apart; a lock on the module
// guards its shared files.

const generatedMain = "drill_verdict_test.go"

// VerdictKeyDir is where the package that takes the channel's secret goes
// in the grading module: a name that sorts before every exercise's folder,
// which puts its initialization first (exercises/verdictkey says why).
const VerdictKeyDir = "0verdictkey"

// gradeModule is one exercise's folder in the grading module, locked.
type gradeModule struct {
	root   string // the module root
	pkgDir string // root/<exercise>
	unlock func()
}

func openGradeModule(req Request) (*gradeModule, error) {
	root, err := filepath.Abs(req.GradeRoot)
	if err != nil {
		return nil, err
	}
	locks := filepath.Join(root, ".locks")
	if err := os.MkdirAll(locks, 0o700); err != nil {
		return nil, err
	}
	unlock, err := lockedfile.MutexAt(filepath.Join(locks, lockName(req.Package))).Lock()
	if err != nil {
		return nil, fmt.Errorf("cannot lock the grading folder: %w", err)
	}
	m := &gradeModule{root: root, pkgDir: filepath.Join(root, filepath.FromSlash(req.Package)), unlock: unlock}
	if err := m.writeShared(req); err != nil {
		m.close()
		return nil, err
	}
	return m, nil
}

func lockName(pkg string) string { return strings.ReplaceAll(pkg, "/", "_") + ".lock" }

// writeShared puts drill's go.mod, go.sum and harness in place, replacing
// whatever else is there (files left by an older drill, or put there by
// hand) and removing any vendor folder.
func (m *gradeModule) writeShared(req Request) error {
	unlock, err := lockedfile.MutexAt(filepath.Join(m.root, ".locks", "module.lock")).Lock()
	if err != nil {
		return fmt.Errorf("cannot lock the grading module: %w", err)
	}
	defer unlock()
	for _, stray := range []string{"vendor", "go.work", "go.work.sum"} {
		if err := os.RemoveAll(filepath.Join(m.root, stray)); err != nil {
			return err
		}
	}
	if err := syncFile(filepath.Join(m.root, "go.mod"), req.GoMod); err != nil {
		return err
	}
	if err := syncFile(filepath.Join(m.root, "go.sum"), req.GoSum); err != nil {
		return err
	}
	if err := syncDir(filepath.Join(m.root, VerdictKeyDir), req.VerdictKey); err != nil {
		return err
	}
	return syncDir(filepath.Join(m.root, filepath.FromSlash(req.HarnessDir)), req.Harness)
}

// writePackage replaces the exercise's folder with the learner's files
// (whatever subfolders they hold) and the graded test files: the shipped
// visible and hidden tests with a Track call as their first statement, and
// a TestMain that reports the exit code.
func (m *gradeModule) writePackage(learner, tests map[string][]byte, harnessImport, keyImport string) error {
	if err := os.RemoveAll(m.pkgDir); err != nil {
		return err
	}
	files := map[string][]byte{}
	maps.Copy(files, learner)
	pkgName, tracked := "", map[string]bool{}
	for name, data := range tests {
		src, pkg, err := insertTrack(name, data, tracked)
		if err != nil {
			return err
		}
		files[name], pkgName = src, pkg
	}
	if pkgName == "" {
		return fmt.Errorf("the exercise has no test files to grade with")
	}
	for _, name := range TestNames(tests) {
		if !tracked[name] {
			return fmt.Errorf("graded test %s cannot report its result: declare it as func %s(t *testing.T) {", name, name)
		}
	}
	files[generatedMain] = verdictMain(pkgName, harnessImport, keyImport)
	return syncDir(m.pkgDir, files)
}

// removeTests deletes the graded test sources once the test binary is
// built: they are not on disk while learner code runs.
func (m *gradeModule) removeTests(tests map[string][]byte) {
	for name := range tests {
		os.Remove(filepath.Join(m.pkgDir, filepath.FromSlash(name)))
	}
	os.Remove(filepath.Join(m.pkgDir, generatedMain))
}

func (m *gradeModule) close() {
	os.RemoveAll(m.pkgDir)
	m.unlock()
}

// trackTarget finds the opening of a top-level test's body and the name of
// its *testing.T parameter.
var trackTarget = regexp.MustCompile(`(?m)^func (Test[A-Za-z0-9_]*)\((\w+) \*testing\.T\) \{`)

var packageClause = regexp.MustCompile(`(?m)^package (\w+)`)

// insertTrack adds a Track call (through the generated file's helper, so
// the test file needs no new import) right after the opening brace of
// every top-level test in one file, on the same line, so every position in
// the file stays where it was. It adds each test it changed to tracked.
func insertTrack(name string, src []byte, tracked map[string]bool) ([]byte, string, error) {
	pkg := packageClause.FindSubmatch(src)
	if pkg == nil {
		return nil, "", fmt.Errorf("graded test %s has no package clause", name)
	}
	out := trackTarget.ReplaceAllFunc(src, func(decl []byte) []byte {
		m := trackTarget.FindSubmatch(decl)
		param := m[2]
		if string(param) == "_" {
			return decl
		}
		tracked[string(m[1])] = true
		return append(bytes.Clone(decl), []byte(" drillTrack("+string(param)+");")...)
	})
	return out, string(pkg[1]), nil
}

// verdictMain is the generated test file: it hands the channel's secret
// to the harness, defines the helper the tracked tests call and a TestMain
// that reports m.Run's exit code.
func verdictMain(pkg, harnessImport, keyImport string) []byte {
	return fmt.Appendf(nil, `package %s

import (
	"testing"

	drillharness %q
	drillkey %q
)

var _ = drillharness.StartVerdict(drillkey.Take())

func drillTrack(t *testing.T) { drillharness.Track(t) }

func TestMain(m *testing.M) { drillharness.Main(m) }
`, pkg, harnessImport, keyImport)
}

// syncFile writes data to p unless p already holds exactly that, so the
// go command's caches see an unchanged file.
func syncFile(p string, data []byte) error {
	if old, err := os.ReadFile(p); err == nil && bytes.Equal(old, data) {
		return nil
	}
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		return err
	}
	tmp := p + ".tmp"
	if err := os.WriteFile(tmp, data, 0o644); err != nil {
		return err
	}
	return os.Rename(tmp, p)
}

// syncDir makes dir hold exactly files (slash paths below dir).
func syncDir(dir string, files map[string][]byte) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if _, keep := files[e.Name()]; !keep || e.IsDir() {
			if err := os.RemoveAll(filepath.Join(dir, e.Name())); err != nil {
				return err
			}
		}
	}
	for name, data := range files {
		if err := syncFile(filepath.Join(dir, filepath.FromSlash(path.Clean(name))), data); err != nil {
			return err
		}
	}
	return nil
}
