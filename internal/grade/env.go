package grade

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
)

// goEnv is the fixed environment of every go command a check runs. Nothing
// of the learner's shell reaches the go command or the test binary except
// where to find tools (PATH, HOME) and where the user keeps Go's caches and
// fetches modules: GOFLAGS (-run, -exec, -toolexec, -mod=mod), GOENV files
// written by `go env -w`, GORACE (report_bugs=0), GODEBUG, CC and CGO_*
// flags, GOWORK and GOTOOLCHAIN are all replaced.
type goEnv struct {
	base     []string // for the go command
	tmp      string   // the check's private temporary folder
	modCache string   // GOMODCACHE
}

// settings the go command keeps in its environment file and that grading
// takes from the user (read once, with the user's go env -w applied): the
// caches, so a check reuses compiled packages, and how modules are fetched.
var userSettings = []string{"GOCACHE", "GOMODCACHE", "GOPATH", "GOPROXY", "GONOPROXY", "GOPRIVATE"}

func newGoEnv(ctx context.Context, goCmd, tmp string) (*goEnv, error) {
	cmd := exec.CommandContext(ctx, goCmd, append([]string{"env", "-json"}, userSettings...)...)
	// GOFLAGS can make go env itself fail (an unknown flag); it is not
	// one of the settings read here.
	cmd.Env = append(os.Environ(), "GOFLAGS=", "GOWORK=off", "GOTOOLCHAIN=local")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return nil, &EnvError{Problem: "go env failed: " + firstLine(stderr.String()), Remedy: "check that `go env` works in your shell"}
	}
	var user map[string]string
	if err := json.Unmarshal(out, &user); err != nil {
		return nil, fmt.Errorf("go env printed something unexpected: %w", err)
	}
	goTmp := filepath.Join(tmp, "go")
	if err := os.MkdirAll(goTmp, 0o700); err != nil {
		return nil, err
	}
	env := []string{
		"PATH=" + os.Getenv("PATH"),
		"HOME=" + os.Getenv("HOME"),
		"GOENV=off",
		"GOFLAGS=-mod=readonly",
		"GOWORK=off",
		"GOTOOLCHAIN=local",
		"GO111MODULE=on",
		"CGO_ENABLED=1", // -race needs cgo
		"GOTMPDIR=" + goTmp,
		"TMPDIR=" + goTmp,
	}
	if runtime.GOOS == "windows" {
		env = append(env, "SystemRoot="+os.Getenv("SystemRoot"), "USERPROFILE="+os.Getenv("USERPROFILE"))
	}
	for _, k := range userSettings {
		if v := user[k]; v != "" {
			env = append(env, k+"="+v)
		}
	}
	return &goEnv{base: env, tmp: tmp, modCache: user["GOMODCACHE"]}, nil
}

// testBinaryEnv is the environment of the test binary: where to find tools,
// a private TMPDIR (so every t.TempDir database goes when the check ends)
// that is also its HOME (so code under test does not find the user's module
// cache, Go caches or drill's progress key by the usual derivations), the
// verdict channel's switch and the exercise's own settings (the PostgreSQL
// server's URL).
func (e *goEnv) testBinaryEnv(extra []string) ([]string, error) {
	dir := filepath.Join(e.tmp, "run")
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, err
	}
	env := []string{
		"PATH=" + os.Getenv("PATH"),
		"HOME=" + dir,
		"TMPDIR=" + dir,
		verdictEnv + "=1",
	}
	return append(env, extra...), nil
}
