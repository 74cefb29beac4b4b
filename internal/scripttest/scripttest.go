// Package scripttest prepares testscript environments for drill's
// command-line tests: the same build and module caches as the test run, and
// no network, so a script proves that what it runs works offline.
package scripttest

import (
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"

	"github.com/drillhq/drill/internal/pgserver"
)

// Setup returns a testscript Setup function that copies the go command's
// cache settings into the script's environment, forbids module downloads
// and sets extra (key, value) variables.
func Setup(t *testing.T, extra ...string) func(*testscript.Env) error {
	t.Helper()
	out, err := exec.Command("go", "env", "-json", "GOCACHE", "GOMODCACHE", "GOPATH", "CGO_ENABLED", "CC").Output()
	if err != nil {
		t.Fatalf("go env: %v", err)
	}
	vars := map[string]string{}
	if err := json.Unmarshal(out, &vars); err != nil {
		t.Fatalf("go env: %v", err)
	}
	return func(env *testscript.Env) error {
		for k, v := range vars {
			if v != "" {
				env.Setenv(k, v)
			}
		}
		env.Setenv("GOPROXY", "off")
		env.Setenv("GOFLAGS", "")
		env.Setenv("GOTOOLCHAIN", "local")
		// drill's cache (the PostgreSQL template cluster) stays in the
		// script's folder, and the user's own server is not used.
		env.Setenv("DRILL_CACHE", env.WorkDir+"/.drill-cache")
		env.Setenv("DRILL_CONFIG", env.WorkDir+"/.drill-config")
		env.Setenv("DRILL_POSTGRES_URL", "")
		for i := 0; i+1 < len(extra); i += 2 {
			env.Setenv(extra[i], extra[i+1])
		}
		return nil
	}
}

// Condition adds [postgres]: a PostgreSQL install drill can start private
// servers from. Where DRILL_REQUIRE_POSTGRES is set (CI installs one), its
// absence is an error rather than a skipped section.
func Condition(cond string) (bool, error) {
	if cond != "postgres" {
		return false, fmt.Errorf("unknown condition %q", cond)
	}
	if _, err := pgserver.FindBin(""); err != nil {
		if os.Getenv("DRILL_REQUIRE_POSTGRES") != "" {
			return false, err
		}
		return false, nil
	}
	return true, nil
}
