package workspace

import (
	"bytes"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"strconv"
)

// The first drill init or drill next prepares the machine to grade (it
// downloads the workspace's modules and compiles the hidden tests'
// dependencies with -race). A marker in .drill/ records what that
// preparation was for (a key naming the toolchain, the caches and the
// go.sum files), so later runs skip it while the key holds. It is written
// only once the preparation has finished, and atomically: an interrupted
// preparation leaves no marker, and the next run prepares again.

func (w *Workspace) preparedPath() string { return filepath.Join(w.metaDir(), "prepared") }

// Prepared reports whether the last finished preparation had key.
func (w *Workspace) Prepared(key string) bool {
	data, err := ReadRegular(w.preparedPath())
	return err == nil && string(bytes.TrimSpace(data)) == key
}

// MarkPrepared records that a preparation with key has finished.
func (w *Workspace) MarkPrepared(key string) error {
	return WriteFileAtomic(w.preparedPath(), []byte(key+"\n"))
}

// GoSumFile is the workspace's go.sum as it is now (nil when it has none):
// the learner may have changed it with go get or go mod tidy.
func (w *Workspace) GoSumFile() []byte {
	data, err := ReadRegular(filepath.Join(w.Root, "go.sum"))
	if err != nil && !os.IsNotExist(err) {
		return []byte("unreadable: " + err.Error())
	}
	return data
}

// DepImports are the packages drill_deps.go names: those of the hidden
// tests' imports that are not the harness's.
func DepImports() []string {
	f, err := parser.ParseFile(token.NewFileSet(), "drill_deps.go", drillDeps, parser.ImportsOnly)
	if err != nil {
		panic(err) // the embedded template; TestDepImports parses it
	}
	imps := make([]string, 0, len(f.Imports))
	for _, s := range f.Imports {
		p, err := strconv.Unquote(s.Path.Value)
		if err != nil {
			panic(err)
		}
		imps = append(imps, p)
	}
	return imps
}
