// Package exercises embeds drill's curriculum and the test harness its hidden
// tests import, so a single binary grades offline.
//
// The curriculum lives under testdata/ because its Go files are not part of
// drill's module: they are copied into a learner's workspace, which is a
// module of its own.
package exercises

import (
	"embed"
	"io/fs"
	"path"
	"strings"
)

//go:embed all:testdata
var curriculum embed.FS

//go:embed harness/*.go
var harness embed.FS

// Curriculum is the embedded pack: pack.json plus one folder per exercise.
func Curriculum() fs.FS {
	sub, err := fs.Sub(curriculum, "testdata")
	if err != nil {
		panic(err) // the embed pattern above guarantees the folder exists
	}
	return sub
}

// HarnessImportPath is where hidden tests find the harness in a workspace.
const HarnessImportPath = "drill.workspace/harness"

// HarnessFiles returns the harness package's source (without its own
// tests), keyed by file name.
func HarnessFiles() map[string][]byte {
	files := map[string][]byte{}
	entries, _ := fs.ReadDir(harness, "harness")
	for _, e := range entries {
		if strings.HasSuffix(e.Name(), "_test.go") {
			continue
		}
		data, err := fs.ReadFile(harness, path.Join("harness", e.Name()))
		if err != nil {
			panic(err) // embedded files are always readable
		}
		files[e.Name()] = data
	}
	return files
}
