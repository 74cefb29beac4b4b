package exercise

import (
	"bytes"
	"errors"
	"fmt"
	"go/format"
	"io/fs"
	"maps"
	"path"
	"slices"
	"strings"
)

// checkListed refuses a folder at the pack's root that pack.json's order
// does not list. Such a folder is almost always an exercise its author
// forgot to add, and drill would otherwise never hand it out nor prove it,
// so nobody would notice. Folders whose names start with "." (.git,
// .github, an editor's settings) are not exercises and are skipped.
func checkListed(fsys fs.FS, source string, listed map[string]bool) error {
	entries, err := fs.ReadDir(fsys, ".")
	if err != nil {
		return &Error{File: source, Err: fmt.Errorf("cannot list the pack's folders: %v", err)}
	}
	for _, e := range entries {
		name := e.Name()
		if !e.IsDir() || listed[name] || strings.HasPrefix(name, ".") {
			continue
		}
		return &Error{File: path.Join(source, name), Err: fmt.Errorf(
			"is a folder in the pack but pack.json's order does not list it: add %q to order, or move the folder out of the pack", name)}
	}
	return nil
}

// Lint reports every Go file the pack ships (learner code, reference
// fixes, hidden tests, alternatives and mistakes) that is not gofmt'd,
// one *Error per file, joined. A learner's diff against the shipped code,
// and the reviews drill shows, should hold their fix and nothing a
// formatter would change, so the pack must start formatted.
//
// Load does not call it: formatting every file costs tens of milliseconds
// on the embedded curriculum, which a unit test already holds to this, and
// every command loads a pack. It is meant for drill verify, which proves
// a pack before anyone is handed it.
func (p *Pack) Lint() error {
	var errs []error
	for _, ex := range p.Exercises {
		dir := path.Join(p.Source, ex.ID)
		errs = append(errs, lintGo(path.Join(dir, "code"), ex.Code)...)
		errs = append(errs, lintGo(path.Join(dir, "solution"), ex.Solution)...)
		errs = append(errs, lintGo(path.Join(dir, "hidden"), ex.Hidden)...)
		for _, v := range ex.Alternatives {
			errs = append(errs, lintGo(path.Join(dir, "alternatives", v.Name), v.Files)...)
		}
		for _, v := range ex.Mistakes {
			errs = append(errs, lintGo(path.Join(dir, "mistakes", v.Name), v.Files)...)
		}
	}
	return errors.Join(errs...)
}

// lintGo checks the .go files of one tree (in name order, so the report is
// stable). Variants hold whole files laid over code/, never fragments, so
// each must format on its own.
func lintGo(dir string, files map[string][]byte) []error {
	var errs []error
	for _, name := range slices.Sorted(maps.Keys(files)) {
		if !strings.HasSuffix(name, ".go") {
			continue
		}
		src := files[name]
		formatted, err := format.Source(src)
		switch {
		case err != nil:
			errs = append(errs, &Error{File: path.Join(dir, name), Err: fmt.Errorf("is not valid Go, so gofmt cannot format it: %v", err)})
		case !bytes.Equal(formatted, src):
			errs = append(errs, &Error{File: path.Join(dir, name), Err: errors.New("is not gofmt'd: run gofmt -w on it")})
		}
	}
	return errs
}
