// Package exercise reads exercise packs: the embedded curriculum and any
// team-written pack in the same format.
//
// A pack is a folder holding pack.json (format version and the order in
// which drill next hands exercises out) and one folder per exercise, each
// listed in that order:
//
//	<id>/exercise.json   id, title, family, area, difficulty, analyzers, timeout, hints, bug
//	<id>/brief.md        the review request the learner reads
//	<id>/explanation.md  why the bug bites in production, shown with the solution
//	<id>/code/           the files the learner gets (buggy), visible tests allowed
//	<id>/solution/       the reference fix: files that replace or add to code/
//	<id>/hidden/         *_test.go files added to the package only at check time
//	<id>/alternatives/N/ valid fixes by other approaches (whole files over code/ + README.md)
//	<id>/mistakes/N/     plausible wrong fixes, which grading must refuse (same shape)
package exercise

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"path"
	"regexp"
	"slices"
	"strings"
	"time"
)

// FormatVersion is the pack format this drill reads.
const FormatVersion = 1

// Families returns the bug families an exercise may belong to (a fresh
// slice each call, so no caller can change the list for the others).
func Families() []string {
	return []string{
		"race", "resource-leak", "n+1", "tx-error", "goroutine-leak", "context",
		"sql-injection", "request-error", "idempotency", "caching", "rate-limiting", "locking",
	}
}

// DefaultTimeout is the hidden tests' time budget when exercise.json sets none.
const DefaultTimeout = 60 * time.Second

// Databases an exercise may run on. SQLite is embedded and the default;
// PostgreSQL is for lessons about isolation and row locks, which SQLite
// (one writer at a time, no SELECT ... FOR UPDATE) cannot show.
const (
	SQLite   = "sqlite"
	Postgres = "postgres"
)

// Exercise is one exercise of a pack, fully loaded.
type Exercise struct {
	ID     string
	Title  string
	Family string
	// Area is what drill shows instead of Family until the learner has
	// spotted, solved or revealed the exercise: naming the bug's class
	// up front would give the review away. One of Areas(), or "".
	Area       string
	Difficulty int
	Database   string // SQLite or Postgres
	Analyzers  []string
	Timeout    time.Duration
	Hints      []string
	// Bugs are where the defect is in the shipped code (several for a bug
	// with more than one site; decoy files are never listed): drill spot
	// grades a learner's pointer against them, and drill verify proves the
	// reference solution changes lines inside each.
	Bugs []Site
	// AlsoFamilies are other names for the bug's class that a spot's --as
	// counts as right (Family stays the one drill shows).
	AlsoFamilies []string
	Brief        string
	Explanation  string
	// Code, Solution and Hidden map slash-separated paths, relative to the
	// exercise's package folder, to file contents.
	Code     map[string][]byte
	Solution map[string][]byte
	Hidden   map[string][]byte
	// Alternatives are valid fixes the grader must accept, Mistakes
	// plausible wrong ones it must refuse: the exercise's proof that its
	// verdicts are right for fixes other than the reference.
	Alternatives []Variant
	Mistakes     []Variant
}

// Areas returns the areas an exercise may name (a fresh slice each call).
func Areas() []string { return []string{"database", "HTTP", "concurrency"} }

// Variant is one alternative or mistake: whole files laid over code/, and
// one line saying why it is right or wrong.
type Variant struct {
	Name  string
	Why   string
	Files map[string][]byte
}

// Code returns the learner's starting code with v's files laid over it.
func (v Variant) Code(ex *Exercise) map[string][]byte { return overlay(ex.Code, v.Files) }

// NamesFamily reports whether family is the bug's: its Family or one of
// AlsoFamilies.
func (e *Exercise) NamesFamily(family string) bool {
	return family == e.Family || slices.Contains(e.AlsoFamilies, family)
}

// NeedsPostgres reports whether the exercise's hidden tests run on PostgreSQL.
func (e *Exercise) NeedsPostgres() bool { return e.Database == Postgres }

// Pack is an ordered set of exercises.
type Pack struct {
	Name      string
	Source    string // where it was read from, for messages
	Exercises []*Exercise
}

// Get returns the exercise with the given id.
func (p *Pack) Get(id string) (*Exercise, bool) {
	for _, e := range p.Exercises {
		if e.ID == id {
			return e, true
		}
	}
	return nil, false
}

// IDs lists the pack's exercise ids in order.
func (p *Pack) IDs() []string {
	ids := make([]string, len(p.Exercises))
	for i, e := range p.Exercises {
		ids[i] = e.ID
	}
	return ids
}

// SolvedCode is the learner's starting code with the reference fix applied.
func (e *Exercise) SolvedCode() map[string][]byte { return overlay(e.Code, e.Solution) }

// GradedTestFiles are the test files a check compiles into the exercise's
// package: the shipped visible ones in its folder and the hidden ones.
func (e *Exercise) GradedTestFiles() map[string][]byte {
	out := map[string][]byte{}
	for name, data := range overlay(e.Code, e.Hidden) {
		if strings.HasSuffix(name, "_test.go") && !strings.Contains(name, "/") {
			out[name] = data
		}
	}
	return out
}

func overlay(base, top map[string][]byte) map[string][]byte {
	out := make(map[string][]byte, len(base)+len(top))
	maps.Copy(out, base)
	maps.Copy(out, top)
	return out
}

type packFile struct {
	FormatVersion int      `json:"format_version"`
	Name          string   `json:"name"`
	Order         []string `json:"order"`
}

type exerciseFile struct {
	ID         string     `json:"id"`
	Title      string     `json:"title"`
	Family     string     `json:"family"`
	Area       string     `json:"area"`
	Difficulty int        `json:"difficulty"`
	Database   string     `json:"database"`
	Analyzers  []string   `json:"analyzers"`
	Timeout    string     `json:"timeout"`
	Hints      []string   `json:"hints"`
	Bug        []siteFile `json:"bug"`
	// AlsoFamilies: other family names drill spot --as accepts, for a bug
	// two readings classify differently (a transaction left open is a
	// resource leak and a transaction error).
	AlsoFamilies []string `json:"also_families,omitempty"`
}

// Error names the file and, where known, the field that is wrong.
type Error struct {
	File  string
	Field string
	Err   error
}

func (e *Error) Error() string {
	if e.Field != "" {
		return fmt.Sprintf("%s: field %q: %v", e.File, e.Field, e.Err)
	}
	return fmt.Sprintf("%s: %v", e.File, e.Err)
}

func (e *Error) Unwrap() error { return e.Err }

var idPattern = regexp.MustCompile(`^[a-z][a-z0-9]*(-[a-z0-9]+)*$`)

// Load reads the pack rooted at fsys. source names it in error messages
// (a folder path, or "embedded curriculum"). knownAnalyzer reports whether
// an analyzer name exists, so a pack cannot name an analyzer drill lacks.
// A folder the order leaves out is an error too (see checkListed).
func Load(fsys fs.FS, source string, knownAnalyzer func(string) bool) (*Pack, error) {
	where := func(name string) string { return path.Join(source, name) }
	raw, err := fs.ReadFile(fsys, "pack.json")
	if err != nil {
		return nil, &Error{File: where("pack.json"), Err: fmt.Errorf("cannot read the pack index: %w (is %s an exercise pack?)", errors.Unwrap(err), source)}
	}
	var pf packFile
	if err := decodeStrict(raw, &pf); err != nil {
		return nil, &Error{File: where("pack.json"), Err: err}
	}
	if pf.FormatVersion != FormatVersion {
		return nil, &Error{File: where("pack.json"), Field: "format_version", Err: fmt.Errorf("is %d; this drill reads version %d", pf.FormatVersion, FormatVersion)}
	}
	if len(pf.Order) == 0 {
		return nil, &Error{File: where("pack.json"), Field: "order", Err: errors.New("lists no exercises")}
	}
	pack := &Pack{Name: pf.Name, Source: source}
	seen := map[string]bool{}
	for _, id := range pf.Order {
		if seen[id] {
			return nil, &Error{File: where("pack.json"), Field: "order", Err: fmt.Errorf("lists %q twice", id)}
		}
		seen[id] = true
		if !idPattern.MatchString(id) {
			return nil, &Error{File: where("pack.json"), Field: "order", Err: fmt.Errorf("%q is not a valid id (lowercase words joined by '-')", id)}
		}
		sub, err := fs.Sub(fsys, id)
		if err != nil {
			return nil, &Error{File: where(id), Err: err}
		}
		ex, err := loadExercise(sub, id, where(id), knownAnalyzer)
		if err != nil {
			return nil, err
		}
		pack.Exercises = append(pack.Exercises, ex)
	}
	if err := checkListed(fsys, source, seen); err != nil {
		return nil, err
	}
	return pack, nil
}

func loadExercise(fsys fs.FS, id, dir string, knownAnalyzer func(string) bool) (*Exercise, error) {
	file := path.Join(dir, "exercise.json")
	raw, err := fs.ReadFile(fsys, "exercise.json")
	if err != nil {
		return nil, &Error{File: file, Err: fmt.Errorf("missing: every exercise folder needs one (%w)", errors.Unwrap(err))}
	}
	var ef exerciseFile
	if err := decodeStrict(raw, &ef); err != nil {
		return nil, &Error{File: file, Err: err}
	}
	bad := func(field, format string, args ...any) error {
		return &Error{File: file, Field: field, Err: fmt.Errorf(format, args...)}
	}
	switch {
	case ef.ID != id:
		return nil, bad("id", "is %q but the folder is %q; they must match", ef.ID, id)
	case strings.TrimSpace(ef.Title) == "":
		return nil, bad("title", "is empty")
	case !slices.Contains(Families(), ef.Family):
		return nil, bad("family", "%q is not one of %s", ef.Family, strings.Join(Families(), ", "))
	case ef.Difficulty < 1 || ef.Difficulty > 3:
		return nil, bad("difficulty", "is %d; use 1 (spot it), 2 or 3 (design the fix)", ef.Difficulty)
	case len(ef.Hints) < 1:
		return nil, bad("hints", "is empty; give 2 or 3 progressive hints")
	case ef.Database != "" && ef.Database != SQLite && ef.Database != Postgres:
		return nil, bad("database", "%q is not %q (the default) or %q", ef.Database, SQLite, Postgres)
	}
	if ef.Database == "" {
		ef.Database = SQLite
	}
	for _, name := range ef.Analyzers {
		if knownAnalyzer != nil && !knownAnalyzer(name) {
			return nil, bad("analyzers", "names %q, which is not an analyzer drill has (see drill explain)", name)
		}
	}
	timeout := DefaultTimeout
	if ef.Timeout != "" {
		timeout, err = time.ParseDuration(ef.Timeout)
		if err != nil || timeout <= 0 {
			return nil, bad("timeout", "%q is not a positive duration such as \"60s\"", ef.Timeout)
		}
	}
	if ef.Area != "" && !slices.Contains(Areas(), ef.Area) {
		return nil, bad("area", "%q is not one of %s (or leave it out)", ef.Area, strings.Join(Areas(), ", "))
	}
	ex := &Exercise{
		ID: ef.ID, Title: ef.Title, Family: ef.Family, Area: ef.Area, Difficulty: ef.Difficulty, Database: ef.Database,
		Analyzers: ef.Analyzers, Timeout: timeout, Hints: ef.Hints,
	}
	if ex.Brief, err = readText(fsys, dir, "brief.md"); err != nil {
		return nil, err
	}
	if ex.Explanation, err = readText(fsys, dir, "explanation.md"); err != nil {
		return nil, err
	}
	if ex.Code, err = readTree(fsys, dir, "code"); err != nil {
		return nil, err
	}
	if ex.Solution, err = readTree(fsys, dir, "solution"); err != nil {
		return nil, err
	}
	if ex.Hidden, err = readTree(fsys, dir, "hidden"); err != nil {
		return nil, err
	}
	for name := range ex.Hidden {
		if !strings.HasSuffix(name, "_test.go") || strings.Contains(name, "/") {
			return nil, &Error{File: path.Join(dir, "hidden", name), Err: errors.New("hidden files must be *_test.go files directly in hidden/")}
		}
		if _, clash := ex.Code[name]; clash {
			return nil, &Error{File: path.Join(dir, "hidden", name), Err: errors.New("has the same name as a visible file in code/")}
		}
	}
	if !hasGo(ex.Code) {
		return nil, &Error{File: path.Join(dir, "code"), Err: errors.New("holds no .go file for the learner")}
	}
	for _, f := range ef.AlsoFamilies {
		if !slices.Contains(Families(), f) || f == ef.Family {
			return nil, bad("also_families", "%q is not one of %s other than the family", f, strings.Join(Families(), ", "))
		}
	}
	ex.AlsoFamilies = ef.AlsoFamilies
	if ex.Bugs, err = parseSites(ef.Bug, ex.Code); err != nil {
		return nil, &Error{File: file, Field: "bug", Err: err}
	}
	if ex.Alternatives, err = readVariants(fsys, dir, "alternatives"); err != nil {
		return nil, err
	}
	if ex.Mistakes, err = readVariants(fsys, dir, "mistakes"); err != nil {
		return nil, err
	}
	return ex, nil
}

// readVariants reads sub/<name>/ folders (none is fine: a team's pack may
// not prove itself this way). Each holds README.md, whose first line says
// why the variant is right or wrong, and the files it lays over code/.
func readVariants(fsys fs.FS, dir, sub string) ([]Variant, error) {
	entries, err := fs.ReadDir(fsys, sub)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, &Error{File: path.Join(dir, sub), Err: err}
	}
	var out []Variant
	for _, e := range entries {
		where := path.Join(dir, sub, e.Name())
		if !e.IsDir() {
			return nil, &Error{File: where, Err: errors.New("must be a folder holding README.md and the files that replace code/")}
		}
		files, err := readTree(fsys, dir, path.Join(sub, e.Name()))
		if err != nil {
			return nil, err
		}
		readme, ok := files["README.md"]
		why := firstLine(string(readme))
		if !ok || why == "" {
			return nil, &Error{File: path.Join(where, "README.md"), Err: errors.New("missing or empty: its first line says why this fix is right or wrong")}
		}
		delete(files, "README.md")
		if !hasGo(files) {
			return nil, &Error{File: where, Err: errors.New("holds no .go file to lay over code/")}
		}
		out = append(out, Variant{Name: e.Name(), Why: why, Files: files})
	}
	return out, nil
}

func firstLine(s string) string {
	for line := range strings.SplitSeq(s, "\n") {
		line = strings.TrimSpace(strings.TrimLeft(line, "# "))
		if line != "" {
			return line
		}
	}
	return ""
}

func decodeStrict(raw []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		if syn, ok := errors.AsType[*json.SyntaxError](err); ok {
			line := 1 + bytes.Count(raw[:syn.Offset], []byte("\n"))
			return fmt.Errorf("invalid JSON on line %d: %v", line, err)
		}
		return fmt.Errorf("invalid: %v", err)
	}
	return nil
}

func readText(fsys fs.FS, dir, name string) (string, error) {
	raw, err := fs.ReadFile(fsys, name)
	if err != nil {
		return "", &Error{File: path.Join(dir, name), Err: errors.New("missing")}
	}
	if len(bytes.TrimSpace(raw)) == 0 {
		return "", &Error{File: path.Join(dir, name), Err: errors.New("is empty")}
	}
	return string(raw), nil
}

func readTree(fsys fs.FS, dir, sub string) (map[string][]byte, error) {
	files := map[string][]byte{}
	err := fs.WalkDir(fsys, sub, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			return nil
		}
		data, err := fs.ReadFile(fsys, p)
		if err != nil {
			return err
		}
		files[strings.TrimPrefix(p, sub+"/")] = data
		return nil
	})
	if err != nil {
		return nil, &Error{File: path.Join(dir, sub), Err: fmt.Errorf("missing or unreadable: %v", errors.Unwrap(err))}
	}
	if len(files) == 0 {
		return nil, &Error{File: path.Join(dir, sub), Err: errors.New("is empty")}
	}
	return files, nil
}

func hasGo(files map[string][]byte) bool {
	for name := range files {
		if strings.HasSuffix(name, ".go") {
			return true
		}
	}
	return false
}
