package exercise

import (
	"errors"
	"reflect"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/drillhq/drill/exercises"
)

func validPack() fstest.MapFS {
	return fstest.MapFS{
		"pack.json":                 {Data: []byte(`{"format_version": 1, "name": "t", "order": ["leak"]}`)},
		"leak/exercise.json":        {Data: []byte(`{"id": "leak", "title": "Leak", "family": "resource-leak", "difficulty": 2, "analyzers": ["known"], "timeout": "30s", "hints": ["a", "b"], "area": "database", "bug": [{"file": "leak.go", "lines": "1"}]}`)},
		"leak/brief.md":             {Data: []byte("Review it.")},
		"leak/explanation.md":       {Data: []byte("Because.")},
		"leak/code/leak.go":         {Data: []byte("package leak\n")},
		"leak/solution/leak.go":     {Data: []byte("package leak\n// fixed\n")},
		"leak/hidden/leak_test.go":  {Data: []byte("package leak\n")},
		"leak/code/sub/helper.go":   {Data: []byte("package sub\n")},
		"leak/code/leak_visible.md": {Data: []byte("notes")},
	}
}

func known(name string) bool { return name == "known" }

func TestLoadValidPack(t *testing.T) {
	p, err := Load(validPack(), "pack", known)
	if err != nil {
		t.Fatal(err)
	}
	ex, ok := p.Get("leak")
	if !ok {
		t.Fatal("leak not found")
	}
	if ex.Difficulty != 2 || ex.Timeout.Seconds() != 30 || len(ex.Hints) != 2 || ex.Family != "resource-leak" || ex.Area != "database" {
		t.Fatalf("fields not loaded: %+v", ex)
	}
	if _, ok := ex.Code["sub/helper.go"]; !ok {
		t.Fatalf("nested code file missing: %v", ex.Code)
	}
	if want := []Site{{File: "leak.go", Start: 1, End: 1}}; !reflect.DeepEqual(ex.Bugs, want) {
		t.Fatalf("Bugs = %v, want %v", ex.Bugs, want)
	}
	solved := ex.SolvedCode()
	if !strings.Contains(string(solved["leak.go"]), "fixed") || len(solved) != len(ex.Code) {
		t.Fatalf("SolvedCode did not overlay the solution: %q", solved)
	}
}

// Every malformed pack is refused with the file and the field named.
func TestLoadErrorsNameFileAndField(t *testing.T) {
	tests := []struct {
		name  string
		edit  func(fstest.MapFS)
		wants []string
	}{
		{"no index", func(m fstest.MapFS) { delete(m, "pack.json") }, []string{"pack/pack.json", "is pack an exercise pack?"}},
		{"bad json", func(m fstest.MapFS) { m["pack.json"] = &fstest.MapFile{Data: []byte("{\n\"order\": [,]}")} }, []string{"pack/pack.json", "invalid JSON on line 2"}},
		{"unknown field", func(m fstest.MapFS) {
			m["pack.json"] = &fstest.MapFile{Data: []byte(`{"format_version": 1, "ordre": []}`)}
		}, []string{"pack/pack.json", `unknown field "ordre"`}},
		{"future format", func(m fstest.MapFS) {
			m["pack.json"] = &fstest.MapFile{Data: []byte(`{"format_version": 2, "order": ["leak"]}`)}
		}, []string{`field "format_version": is 2`}},
		{"empty order", func(m fstest.MapFS) {
			m["pack.json"] = &fstest.MapFile{Data: []byte(`{"format_version": 1, "order": []}`)}
		}, []string{`field "order": lists no exercises`}},
		{"duplicate id", func(m fstest.MapFS) {
			m["pack.json"] = &fstest.MapFile{Data: []byte(`{"format_version": 1, "order": ["leak", "leak"]}`)}
		}, []string{`lists "leak" twice`}},
		{"missing folder", func(m fstest.MapFS) {
			m["pack.json"] = &fstest.MapFile{Data: []byte(`{"format_version": 1, "order": ["leak", "gone"]}`)}
		}, []string{"pack/gone/exercise.json", "missing"}},
		{"id mismatch", func(m fstest.MapFS) { setField(m, `"id": "leak"`, `"id": "other"`) }, []string{`field "id": is "other" but the folder is "leak"`}},
		{"bad family", func(m fstest.MapFS) { setField(m, `"resource-leak"`, `"bugs"`) }, []string{`field "family": "bugs" is not one of`}},
		{"bad difficulty", func(m fstest.MapFS) { setField(m, `"difficulty": 2`, `"difficulty": 0`) }, []string{`field "difficulty": is 0`}},
		{"unknown analyzer", func(m fstest.MapFS) { setField(m, `["known"]`, `["nosuch"]`) }, []string{`field "analyzers": names "nosuch"`}},
		{"bad timeout", func(m fstest.MapFS) { setField(m, `"30s"`, `"soon"`) }, []string{`field "timeout": "soon"`}},
		{"no hints", func(m fstest.MapFS) { setField(m, `["a", "b"]`, `[]`) }, []string{`field "hints": is empty`}},
		{"no brief", func(m fstest.MapFS) { delete(m, "leak/brief.md") }, []string{"pack/leak/brief.md: missing"}},
		{"empty explanation", func(m fstest.MapFS) { m["leak/explanation.md"] = &fstest.MapFile{Data: []byte(" \n")} }, []string{"pack/leak/explanation.md: is empty"}},
		{"no hidden", func(m fstest.MapFS) { delete(m, "leak/hidden/leak_test.go") }, []string{"pack/leak/hidden"}},
		{"hidden not a test", func(m fstest.MapFS) { m["leak/hidden/x.go"] = &fstest.MapFile{Data: []byte("package leak")} }, []string{"pack/leak/hidden/x.go", "*_test.go"}},
		{"hidden shadows visible", func(m fstest.MapFS) {
			m["leak/code/leak_test.go"] = &fstest.MapFile{Data: []byte("package leak")}
		}, []string{"same name as a visible file"}},
		{"bad database", func(m fstest.MapFS) { setField(m, `"difficulty": 2`, `"difficulty": 2, "database": "mysql"`) }, []string{`field "database": "mysql" is not`}},
		{"variant without why", func(m fstest.MapFS) {
			m["leak/mistakes/half/leak.go"] = &fstest.MapFile{Data: []byte("package leak\n")}
		}, []string{"pack/leak/mistakes/half/README.md", "why this fix is right or wrong"}},
		{"variant without code", func(m fstest.MapFS) {
			m["leak/alternatives/other/README.md"] = &fstest.MapFile{Data: []byte("Because.")}
		}, []string{"pack/leak/alternatives/other: holds no .go file"}},
		{"variant not a folder", func(m fstest.MapFS) {
			m["leak/alternatives/stray.go"] = &fstest.MapFile{Data: []byte("package leak")}
		}, []string{"pack/leak/alternatives/stray.go: must be a folder"}},
		{"bad area", func(m fstest.MapFS) { setField(m, `"database"`, `"storage"`) }, []string{`field "area": "storage" is not one of database, HTTP, concurrency`}},
		{"no bug", func(m fstest.MapFS) { setField(m, `, "bug": [{"file": "leak.go", "lines": "1"}]`, ``) },
			[]string{`pack/leak/exercise.json: field "bug": is missing: add "bug": [{"file": "leak.go", "lines": "12-18"}]`}},
		{"empty bug", func(m fstest.MapFS) { setField(m, `[{"file": "leak.go", "lines": "1"}]`, `[]`) }, []string{`field "bug": is missing`}},
		{"bug without file", func(m fstest.MapFS) { setField(m, `"file": "leak.go", `, ``) }, []string{`field "bug": entry 1 has no "file"`}},
		{"bug in a hidden file", func(m fstest.MapFS) { setField(m, `"file": "leak.go"`, `"file": "leak_test.go"`) },
			[]string{`field "bug": entry 1 names "leak_test.go", which is not a file of code/`}},
		{"bug past the end", func(m fstest.MapFS) { setField(m, `"lines": "1"`, `"lines": "1-2"`) },
			[]string{`field "bug": entry 1: lines "1-2" is not a range N or N-M inside leak.go's 1 lines`}},
		{"bug range backwards", func(m fstest.MapFS) { setField(m, `"lines": "1"`, `"lines": "2-1"`) }, []string{`lines "2-1" is not a range`}},
		{"bug lines not numbers", func(m fstest.MapFS) { setField(m, `"lines": "1"`, `"lines": "top"`) }, []string{`lines "top" is not a range`}},
		{"bug line zero", func(m fstest.MapFS) { setField(m, `"lines": "1"`, `"lines": "0"`) }, []string{`lines "0" is not a range`}},
		{"no go code", func(m fstest.MapFS) {
			delete(m, "leak/code/leak.go")
			delete(m, "leak/code/sub/helper.go")
		}, []string{"pack/leak/code: holds no .go file"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := validPack()
			tt.edit(m)
			_, err := Load(m, "pack", known)
			if err == nil {
				t.Fatal("malformed pack loaded")
			}
			if _, ok := errors.AsType[*Error](err); !ok {
				t.Fatalf("error %T is not an *Error: %v", err, err)
			}
			for _, want := range tt.wants {
				if !strings.Contains(err.Error(), want) {
					t.Errorf("error %q does not contain %q", err, want)
				}
			}
		})
	}
}

func setField(m fstest.MapFS, old, new string) {
	f := m["leak/exercise.json"]
	m["leak/exercise.json"] = &fstest.MapFile{Data: []byte(strings.Replace(string(f.Data), old, new, 1))}
}

// The embedded curriculum always loads: a broken exercise must fail here,
// not on a learner's machine.
func TestCurriculumLoads(t *testing.T) {
	p, err := Load(exercises.Curriculum(), "embedded curriculum", nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Exercises) == 0 {
		t.Fatal("the curriculum is empty")
	}
}

func TestVariantsLoad(t *testing.T) {
	m := validPack()
	m["leak/alternatives/defer-close/README.md"] = &fstest.MapFile{Data: []byte("# Close with defer\n\nMore words.\n")}
	m["leak/alternatives/defer-close/leak.go"] = &fstest.MapFile{Data: []byte("package leak\n// defer\n")}
	m["leak/mistakes/half/README.md"] = &fstest.MapFile{Data: []byte("Fixes one path of two.")}
	m["leak/mistakes/half/leak.go"] = &fstest.MapFile{Data: []byte("package leak\n// half\n")}
	p, err := Load(m, "pack", known)
	if err != nil {
		t.Fatal(err)
	}
	ex, _ := p.Get("leak")
	if len(ex.Alternatives) != 1 || len(ex.Mistakes) != 1 || ex.Database != SQLite {
		t.Fatalf("alternatives %v, mistakes %v, database %q", ex.Alternatives, ex.Mistakes, ex.Database)
	}
	alt := ex.Alternatives[0]
	if alt.Name != "defer-close" || alt.Why != "Close with defer" {
		t.Fatalf("alternative = %q: %q", alt.Name, alt.Why)
	}
	code := alt.Code(ex)
	if !strings.Contains(string(code["leak.go"]), "defer") || code["sub/helper.go"] == nil || code["README.md"] != nil {
		t.Fatalf("alternative code is not code/ with its files laid over: %q", code)
	}
}

// The curriculum proves itself: every exercise carries at least two
// alternative fixes and two mistakes for drill verify to grade, and every
// Go file a learner or the grader sees is gofmt'd.
func TestCurriculumProvesItself(t *testing.T) {
	p, err := Load(exercises.Curriculum(), "embedded curriculum", nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, ex := range p.Exercises {
		if len(ex.Alternatives) < 2 || len(ex.Mistakes) < 2 {
			t.Errorf("%s has %d alternatives and %d mistakes, want at least 2 of each", ex.ID, len(ex.Alternatives), len(ex.Mistakes))
		}
	}
	if err := p.Lint(); err != nil {
		t.Error(err)
	}
}
