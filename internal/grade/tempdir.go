package grade

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/drillhq/drill/internal/proc"
)

// A check's temporary folder holds the go command's work folder (GOTMPDIR),
// the test binary and the tests' TMPDIR, so removing it removes everything
// a check wrote. owner.pid lets a later check remove the folder of one whose
// drill was killed (SIGKILL) before it could clean up.
const checkTempPattern = "drill-check-"

func newCheckTemp() (string, error) {
	sweepStaleTemps()
	dir, err := os.MkdirTemp("", checkTempPattern)
	if err != nil {
		return "", err
	}
	if err := os.WriteFile(filepath.Join(dir, "owner.pid"), []byte(strconv.Itoa(os.Getpid())), 0o600); err != nil {
		os.RemoveAll(dir)
		return "", err
	}
	return dir, nil
}

// sweepStaleTemps removes the folders of checks whose process is gone.
func sweepStaleTemps() {
	dirs, _ := filepath.Glob(filepath.Join(os.TempDir(), checkTempPattern+"*"))
	for _, dir := range dirs {
		raw, err := os.ReadFile(filepath.Join(dir, "owner.pid"))
		if err != nil {
			continue // being set up, or not ours
		}
		pid, err := strconv.Atoi(strings.TrimSpace(string(raw)))
		if err != nil || proc.Alive(pid) {
			continue
		}
		os.RemoveAll(dir)
	}
}
