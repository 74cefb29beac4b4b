package grade

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/drillhq/drill/internal/workspace"
)

// The module cache's real goleak matches drill's go.sum; a copy with one
// file edited does not, and the check refuses to grade with it.
func TestVerifyModules(t *testing.T) {
	out, err := exec.Command("go", "env", "GOMODCACHE").Output()
	if err != nil {
		t.Skip(err)
	}
	real := strings.TrimSpace(string(out))
	version, _ := sumOf(workspace.GoSum(), "go.uber.org/goleak")
	src := filepath.Join(real, "go.uber.org", "goleak@"+version)
	if _, err := os.Stat(src); err != nil {
		t.Skipf("goleak is not in the module cache: %v", err)
	}
	if err := verifyModules(real, workspace.GoSum()); err != nil {
		t.Fatalf("the real module cache: %v", err)
	}

	fake := t.TempDir()
	dst := filepath.Join(fake, "go.uber.org", "goleak@"+version)
	if err := os.CopyFS(dst, os.DirFS(src)); err != nil {
		t.Fatal(err)
	}
	if err := verifyModules(fake, workspace.GoSum()); err != nil {
		t.Fatalf("an exact copy: %v", err)
	}
	leaks := filepath.Join(dst, "leaks.go")
	os.Chmod(leaks, 0o644)
	if err := os.WriteFile(leaks, []byte("package goleak\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	var envErr *EnvError
	if err := verifyModules(fake, workspace.GoSum()); !errors.As(err, &envErr) || !strings.Contains(envErr.Problem, "does not match go.sum") {
		t.Fatalf("an edited copy: err = %v, want it refused", err)
	}
	filepath.WalkDir(fake, func(p string, _ os.DirEntry, _ error) error { return os.Chmod(p, 0o755) })
}
