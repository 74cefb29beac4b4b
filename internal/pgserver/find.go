package pgserver

import (
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
)

// installDirs are the usual places a PostgreSQL server's programs live
// when they are not on PATH: Debian and Ubuntu keep them per major version,
// Homebrew per formula, the EDB and Postgres.app installers per version.
func installDirs() []string {
	var dirs []string
	for _, pattern := range []string{
		"/usr/lib/postgresql/*/bin",
		"/opt/homebrew/opt/postgresql*/bin",
		"/usr/local/opt/postgresql*/bin",
		"/Applications/Postgres.app/Contents/Versions/*/bin",
		"/usr/pgsql-*/bin",
	} {
		found, _ := filepath.Glob(pattern)
		// Newest major version first: "16" sorts before "9.6" only by number.
		sort.Slice(found, func(i, j int) bool { return versionOf(found[i]) > versionOf(found[j]) })
		dirs = append(dirs, found...)
	}
	return dirs
}

func versionOf(dir string) float64 {
	for part := range strings.SplitSeq(dir, string(filepath.Separator)) {
		part = strings.TrimPrefix(strings.TrimPrefix(part, "postgresql@"), "pgsql-")
		if v, err := strconv.ParseFloat(part, 64); err == nil {
			return v
		}
	}
	return 0
}

// FindBin returns the folder holding initdb and pg_ctl: override when it
// is set, else the one on PATH, else the newest of the usual install folders.
func FindBin(override string) (string, error) {
	if override != "" {
		if isFile(filepath.Join(override, "pg_ctl")) && isFile(filepath.Join(override, "initdb")) {
			return override, nil
		}
		return "", &NotFoundError{Looked: []string{override + " (DRILL_POSTGRES_BIN)"}}
	}
	if p, err := exec.LookPath("pg_ctl"); err == nil {
		if real, err := filepath.EvalSymlinks(p); err == nil {
			p = real
		}
		dir := filepath.Dir(p)
		if isFile(filepath.Join(dir, "initdb")) {
			return dir, nil
		}
	}
	for _, dir := range installDirs() {
		if isFile(filepath.Join(dir, "pg_ctl")) && isFile(filepath.Join(dir, "initdb")) {
			return dir, nil
		}
	}
	return "", &NotFoundError{Looked: []string{"PATH", "/usr/lib/postgresql/*/bin", "Homebrew's opt/postgresql*/bin", "Postgres.app"}}
}

func isFile(p string) bool {
	st, err := os.Stat(p)
	return err == nil && !st.IsDir()
}
