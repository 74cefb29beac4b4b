package main

import (
	"encoding/json"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"
)

// The CLI is tested as a learner uses it: testscript files under
// testdata/script run the real drill binary (this test binary, re-executed
// as "drill") against the small fixture pack in testdata/pack, with real go
// builds and real go test -race runs.
func TestMain(m *testing.M) {
	testscript.Main(m, map[string]func(){"drill": main})
}

func TestScripts(t *testing.T) {
	pack, err := filepath.Abs("../../testdata/pack")
	if err != nil {
		t.Fatal(err)
	}
	goenv := goEnv(t, "GOCACHE", "GOMODCACHE", "GOPATH", "CGO_ENABLED", "CC")
	testscript.Run(t, testscript.Params{
		Dir:                 "../../testdata/script",
		RequireExplicitExec: true,
		Setup: func(env *testscript.Env) error {
			env.Setenv("DRILL_EXERCISES", pack)
			env.Setenv("NO_COLOR", "1")
			// Share the build and module caches, and forbid downloads: a
			// workspace must build offline from what drill's build fetched.
			for key, v := range goenv {
				if v != "" {
					env.Setenv(key, v)
				}
			}
			env.Setenv("GOPROXY", "off")
			env.Setenv("GOFLAGS", "")
			env.Setenv("GOTOOLCHAIN", "local")
			return nil
		},
	})
}

// goEnv reads the go command's settings, so scripts use the same caches
// as the test run even where they are not set in the environment.
func goEnv(t *testing.T, keys ...string) map[string]string {
	out, err := exec.Command("go", append([]string{"env", "-json"}, keys...)...).Output()
	if err != nil {
		t.Fatalf("go env: %v", err)
	}
	vals := map[string]string{}
	if err := json.Unmarshal(out, &vals); err != nil {
		t.Fatalf("go env: %v", err)
	}
	return vals
}
