package grade

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"golang.org/x/mod/module"
	"golang.org/x/mod/sumdb/dirhash"
)

// verdictModules are the modules whose code decides a verdict by itself:
// goleak says whether goroutines leaked. Their copies in the module cache
// are checked against go.sum before every check, because the go command
// verifies a module when it downloads it, not each time it builds it, and
// an edited copy would find no leak. The check hashes a few dozen files.
var verdictModules = []string{"go.uber.org/goleak"}

// verifyModules compares each verdict module's extracted folder in
// modCache with its hash in goSum.
func verifyModules(modCache string, goSum []byte) error {
	for _, mod := range verdictModules {
		version, want := sumOf(goSum, mod)
		if version == "" {
			continue // not a dependency of this module
		}
		escPath, err := module.EscapePath(mod)
		if err != nil {
			return err
		}
		escVersion, err := module.EscapeVersion(version)
		if err != nil {
			return err
		}
		dir := filepath.Join(modCache, escPath+"@"+escVersion)
		if _, err := os.Stat(dir); err != nil {
			continue // not extracted yet: the build downloads and verifies it
		}
		got, err := dirhash.HashDir(dir, mod+"@"+version, dirhash.Hash1)
		if err != nil {
			return err
		}
		if got != want {
			return &EnvError{
				Problem: fmt.Sprintf("the module cache's copy of %s@%s does not match go.sum: it was edited", mod, version),
				Remedy:  fmt.Sprintf("remove it (chmod -R u+w %s && rm -rf %s) and run `go mod download %s@%s` in the workspace", dir, dir, mod, version),
			}
		}
	}
	return nil
}

// sumOf finds mod's version and module-content hash (not the /go.mod one)
// in a go.sum.
func sumOf(goSum []byte, mod string) (version, hash string) {
	for line := range strings.SplitSeq(string(goSum), "\n") {
		f := strings.Fields(line)
		if len(f) == 3 && f[0] == mod && !strings.HasSuffix(f[1], "/go.mod") {
			version, hash = f[1], f[2]
		}
	}
	return version, hash
}
