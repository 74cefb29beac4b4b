package workspace

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"golang.org/x/mod/modfile"
)

func TestInitAndFind(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "ws")
	ws, created, err := Init(dir)
	if err != nil || !created {
		t.Fatalf("Init = %v, %v", created, err)
	}
	sub := filepath.Join(dir, "rows", "deeper")
	if err := os.MkdirAll(sub, 0o755); err != nil {
		t.Fatal(err)
	}
	found, err := Find(sub)
	if err != nil || found.Root != ws.Root {
		t.Fatalf("Find(%s) = %v, %v; want %s", sub, found, err, ws.Root)
	}
	if _, err := Find(t.TempDir()); err != ErrNotFound {
		t.Fatalf("Find outside a workspace = %v, want ErrNotFound", err)
	}
	if _, created, err := Init(dir); err != nil || created {
		t.Fatalf("second Init = %v, %v; want existing workspace", created, err)
	}
}

// Two drill processes updating progress at once must not lose updates.
func TestConcurrentUpdatesAreNotLost(t *testing.T) {
	ws, _, err := Init(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			for range 25 {
				if err := ws.Update(func(s *State) error { s.Get("rows").Attempts++; return nil }); err != nil {
					t.Error(err)
				}
			}
		})
	}
	wg.Wait()
	st, err := ws.LoadState()
	if err != nil {
		t.Fatal(err)
	}
	if got := st.Exercises["rows"].Attempts; got != 200 {
		t.Fatalf("attempts = %d after 200 concurrent increments", got)
	}
	leftovers, _ := filepath.Glob(filepath.Join(ws.metaDir(), ".state.json.tmp-*"))
	if len(leftovers) > 0 {
		t.Fatalf("temporary files left behind: %v", leftovers)
	}
}

// A corrupt state file is reported, and neither reset nor overwritten.
func TestCorruptStateIsKept(t *testing.T) {
	ws, _, err := Init(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	corrupt := []byte(`{"version": 1, "exercises": {`)
	if err := os.WriteFile(ws.statePath(), corrupt, 0o644); err != nil {
		t.Fatal(err)
	}
	err = ws.Update(func(s *State) error { s.Current = "x"; return nil })
	if err == nil || !strings.Contains(err.Error(), "corrupt") {
		t.Fatalf("Update over a corrupt file = %v, want a corruption error", err)
	}
	if data, _ := os.ReadFile(ws.statePath()); string(data) != string(corrupt) {
		t.Fatalf("corrupt file was rewritten: %q", data)
	}
}

// The workspace go.mod must require exactly the versions drill's own go.mod
// does, or grading would need the network after installation.
func TestTemplateMatchesDrillModule(t *testing.T) {
	own, err := os.ReadFile("../../go.mod")
	if err != nil {
		t.Fatal(err)
	}
	drillMod, err := modfile.Parse("go.mod", own, nil)
	if err != nil {
		t.Fatal(err)
	}
	wsMod, err := modfile.Parse("workspace.mod", GoMod(), nil)
	if err != nil {
		t.Fatal(err)
	}
	versions := map[string]string{}
	for _, r := range drillMod.Require {
		versions[r.Mod.Path] = r.Mod.Version
	}
	for _, r := range wsMod.Require {
		if versions[r.Mod.Path] != r.Mod.Version {
			t.Errorf("workspace requires %s %s, drill's go.mod has %q", r.Mod.Path, r.Mod.Version, versions[r.Mod.Path])
		}
		if !strings.Contains(string(GoSum()), r.Mod.Path+" "+r.Mod.Version+"/go.mod") {
			t.Errorf("workspace go.sum lacks %s %s", r.Mod.Path, r.Mod.Version)
		}
	}
	if wsMod.Module.Mod.Path != ModulePath {
		t.Errorf("workspace module is %s, want %s", wsMod.Module.Mod.Path, ModulePath)
	}
}

// A learner who runs `go mod tidy` in the workspace must not strip the
// modules the harness needs: every later check would fail to build.
func TestTidyKeepsHarnessModules(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the go command")
	}
	ws, _, err := Init(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command("go", "mod", "tidy")
	cmd.Dir = ws.Root
	cmd.Env = append(os.Environ(), "GOPROXY=off", "GOFLAGS=-mod=mod", "GOWORK=off")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go mod tidy in a new workspace: %v\n%s", err, out)
	}
	after, err := os.ReadFile(filepath.Join(ws.Root, "go.mod"))
	if err != nil {
		t.Fatal(err)
	}
	for _, mod := range []string{"modernc.org/sqlite", "github.com/jackc/pgx/v5", "go.uber.org/goleak", "golang.org/x/sync"} {
		if !strings.Contains(string(after), mod+" ") {
			t.Errorf("go mod tidy removed %s from the workspace go.mod:\n%s", mod, after)
		}
	}
}
