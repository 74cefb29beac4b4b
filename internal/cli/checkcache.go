package cli

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"hash"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/drillhq/drill/internal/exercise"
	"github.com/drillhq/drill/internal/grade"
	"github.com/drillhq/drill/internal/workspace"
)

// A check of exactly the code the last check graded answers from that
// verdict at once (drill check --force re-runs it). The verdict file lives
// in the workspace, under the learner's control, so it is only ever shown:
// it never seals a solve nor changes the progress, and a cached "solved" is
// shown only when the progress already holds a verified solve of the same
// files. A hand-made verdict can therefore lie to its author, and to nobody
// else.

// storedVerdict is .drill/verdicts/ID.json.
type storedVerdict struct {
	// Key is verdictKey of what was graded; At is when.
	Key    string        `json:"key"`
	At     time.Time     `json:"at"`
	Result *grade.Result `json:"result"`
}

func verdictPath(ws *workspace.Workspace, id string) string {
	return ws.MetaPath(filepath.Join("verdicts", id+".json"))
}

// goEnvKeys are the variables that configure the toolchain a check runs.
// drill keeps them out of the graded run, but a verdict cache must not be
// the thing that proves so: with any of them changed, the check runs
// again. grade reads them from the process environment, and so does the
// key.
var goEnvKeys = []string{
	"GOROOT", "GOPATH", "GOCACHE", "GOMODCACHE", "GOENV", "GOFLAGS", "GORACE", "GOTOOLCHAIN",
	"GOEXPERIMENT", "GODEBUG", "GOOS", "GOARCH", "GOAMD64", "GOARM64", "GOPROXY", "GONOSUMDB", "GOPRIVATE",
	"CGO_ENABLED", "CGO_CFLAGS", "CGO_LDFLAGS", "CC", "CXX",
}

// verdictKey identifies everything a verdict of ex depends on: this drill
// binary (its analyzers, harness and go.mod are built in), the exercise's
// graded inputs, the Go environment, where the workspace is (the verdict's
// paths are absolute), and every file below the exercise folder, graded or
// not. It is "" when drill cannot tell which binary it is: no caching then.
func verdictKey(c *inv, ws *workspace.Workspace, ex *exercise.Exercise) (string, error) {
	self := selfIdentity(c.Self)
	if self == "" {
		return "", nil
	}
	h := sha256.New()
	field := func(name, value string) { writeField(h, name, []byte(value)) }
	field("format", "drill-verdict-v1")
	field("id", ex.ID)
	field("self", self)
	field("root", ws.Root)
	for _, name := range sortedNames(ex.Code) {
		writeField(h, "code/"+name, ex.Code[name])
	}
	tests := ex.GradedTestFiles()
	for _, name := range sortedNames(tests) {
		writeField(h, "test/"+name, tests[name])
	}
	field("analyzers", strings.Join(ex.Analyzers, ","))
	field("timeout", ex.Timeout.String())
	field("database", ex.Database)
	for _, k := range goEnvKeys {
		field("env/"+k, os.Getenv(k))
	}
	// The go command the check runs (another Go release, or none), not
	// PATH itself, which changes for reasons of no concern to a verdict.
	goCmd, _ := exec.LookPath("go")
	field("go", fileIdentity(goCmd))
	for _, k := range []string{PostgresURLEnv, PostgresBinEnv} {
		field("env/"+k, c.Getenv(k))
	}
	if err := hashFolder(h, ws.ExerciseDir(ex.ID)); err != nil {
		return "", err
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// writeField hashes one named value with its length, so no two different
// sequences of fields hash alike.
func writeField(h hash.Hash, name string, value []byte) {
	h.Write([]byte(name + "\x00" + strconv.Itoa(len(value)) + "\x00"))
	h.Write(value)
}

// hashFolder adds every entry below dir to h: a regular file by path and
// content, anything else (a symlink, a FIFO) by path and kind, never read.
func hashFolder(h hash.Hash, dir string) error {
	return filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			return nil
		}
		rel, _ := filepath.Rel(dir, path)
		rel = filepath.ToSlash(rel)
		if !d.Type().IsRegular() {
			target, _ := os.Readlink(path)
			writeField(h, "other/"+rel, []byte(d.Type().String()+" "+target))
			return nil
		}
		f, err := os.Open(path)
		if err != nil {
			return err
		}
		defer f.Close()
		// The content's own hash, so a large file is streamed, not held.
		fh := sha256.New()
		if _, err := io.Copy(fh, f); err != nil {
			return err
		}
		writeField(h, "file/"+rel, fh.Sum(nil))
		return nil
	})
}

// selfIdentity names this build of drill by path, size and modification
// time: a rebuilt or reinstalled drill is another one. Hashing the binary
// would be exact but costs tens of milliseconds on every check.
func selfIdentity(self string) string { return fileIdentity(self) }

// fileIdentity is path, size and modification time of a program, or ""
// when there is none.
func fileIdentity(path string) string {
	if path == "" {
		return ""
	}
	st, err := os.Stat(path)
	if err != nil {
		return ""
	}
	return fmt.Sprintf("%s\x00%d\x00%d", path, st.Size(), st.ModTime().UnixNano())
}

// cachedVerdict returns the last verdict of t's exercise when it was made
// of exactly key and may be shown: any verdict but a "solved" one, and that
// only when the progress already has a verified solve of the files in the
// exercise folder now. Anything else (no file, another key, a forged or
// damaged file) returns nil: then the check grades for real.
func cachedVerdict(c *inv, t *target, key string) *storedVerdict {
	data, err := os.ReadFile(verdictPath(t.ws, t.ex.ID))
	if err != nil {
		return nil
	}
	var v storedVerdict
	if json.Unmarshal(data, &v) != nil || v.Key != key || v.Result == nil || v.Result.ID != t.ex.ID || len(v.Result.Stages) == 0 {
		return nil
	}
	if v.Result.Solved && !solveRecorded(c, t) {
		return nil
	}
	return &v
}

// solveRecorded reports whether the progress, read afresh (a watch outlives
// the state its target was loaded with), holds a solve sealed with the
// user's key for the files the exercise folder holds now.
func solveRecorded(c *inv, t *target) bool {
	st, ev, err := c.progress(t.ws)
	if err != nil {
		return false
	}
	p := st.Exercises[t.ex.ID]
	if !ev.Verified(t.ex.ID, p) {
		return false
	}
	files, err := grade.LearnerFiles(t.ws.ExerciseDir(t.ex.ID))
	return err == nil && workspace.FilesDigest(files) == p.Files
}

// cacheable reports whether a verdict may answer a later check of the same
// code. A timeout depends on how busy the machine was, not only on the
// code: the next check tries again.
func cacheable(res *grade.Result) bool {
	return !slices.ContainsFunc(res.Tests, func(t grade.Test) bool { return t.Status == grade.StatusTimeout })
}

// storeVerdict writes the verdict for key, whole or not at all.
func storeVerdict(ws *workspace.Workspace, key string, at time.Time, res *grade.Result) error {
	data, err := json.Marshal(storedVerdict{Key: key, At: at.UTC(), Result: res})
	if err != nil {
		return err
	}
	path := verdictPath(ws, res.ID)
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	return workspace.WriteFileAtomic(path, data)
}

// cachedNote says that the verdict shown is an earlier one, and when it was
// made: a clock time today, with the date otherwise.
func cachedNote(now, at time.Time) string {
	now, at = now.Local(), at.Local()
	when := at.Format("15:04")
	if y, m, d := at.Date(); y != now.Year() || m != now.Month() || d != now.Day() {
		when = at.Format("Jan 2 15:04")
	}
	return "unchanged since your check at " + when + ": showing that verdict; drill check --force re-runs it"
}

// The first check with a drill binary is slow: go vet computes the analysis
// facts of the standard library and the exercise's imports with this
// binary as its vettool, and caches them for every later check. A marker in
// drill's cache, named after the binary, records that a check got that far.

func vetMarker(c *inv) string {
	self := selfIdentity(c.Self)
	if self == "" {
		return ""
	}
	sum := sha256.Sum256([]byte(self))
	return filepath.Join(cacheDir(c.Getenv), "vetted", hex.EncodeToString(sum[:16]))
}

// slowFirstCheck reports whether no check with this binary has reached the
// analyzers on this machine yet.
func slowFirstCheck(c *inv) bool {
	m := vetMarker(c)
	if m == "" {
		return false
	}
	_, err := os.Stat(m)
	return errors.Is(err, fs.ErrNotExist)
}

const slowFirstCheckNote = "note: the first check with this drill build takes longer (1 to 3 minutes on 2 cores): go vet analyses the standard library and the exercise's imports with drill's analyzers once and caches that; later checks take seconds"

// markVetted records that res got as far as the analyzers, so their facts
// are in the go command's cache.
func markVetted(c *inv, res *grade.Result) {
	ran := slices.ContainsFunc(res.Stages, func(s grade.StageResult) bool {
		return s.Name == grade.StageAnalyzers && s.Status != grade.StageSkipped
	})
	m := vetMarker(c)
	if !ran || m == "" {
		return
	}
	// Best effort: without the marker the next check says it may be slow.
	if os.MkdirAll(filepath.Dir(m), 0o755) == nil {
		_ = os.WriteFile(m, []byte(c.Self+"\n"), 0o644)
	}
}
