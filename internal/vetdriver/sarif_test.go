package vetdriver

import (
	"bytes"
	"encoding/json"
	"fmt"
	"go/token"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis"

	"github.com/drillhq/drill/analyzers"
)

// validateSARIF checks a log against the rules of the SARIF 2.1.0 schema
// that drill-vet's output can break, on the raw JSON so that a field the
// Go types omit or misspell is caught too: the version and $schema, runs
// with a tool.driver.name, rules with an id, results with a message text
// and a ruleId that is a rule, locations whose artifactLocation.uri is a
// valid URI reference (relative ones against a uriBaseId the run defines
// as an absolute URI ending in a slash) and regions whose lines and
// columns are 1 or more, ends not before starts, and unique related
// location ids.
func sarifProblems(raw []byte) []string {
	var log map[string]any
	if err := json.Unmarshal(raw, &log); err != nil {
		return []string{"not JSON: " + err.Error()}
	}
	var problems []string
	errorf := func(format string, args ...any) { problems = append(problems, fmt.Sprintf(format, args...)) }
	if log["version"] != "2.1.0" {
		errorf("version = %v, want 2.1.0", log["version"])
	}
	if s, _ := log["$schema"].(string); !strings.HasPrefix(s, "https://") || !strings.Contains(s, "sarif") || !strings.Contains(s, "2.1.0") {
		errorf("$schema = %q", s)
	}
	runs, ok := log["runs"].([]any)
	if !ok || len(runs) != 1 {
		errorf("runs = %v, want one run", log["runs"])
		return problems
	}
	run := runs[0].(map[string]any)
	driver, _ := dig(run, "tool", "driver").(map[string]any)
	if name, _ := driver["name"].(string); name == "" {
		errorf("runs[0].tool.driver.name missing")
	}
	rules := map[string]bool{}
	for i, r := range asList(driver["rules"]) {
		id, _ := r["id"].(string)
		if id == "" {
			errorf("rule %d has no id", i)
		}
		if rules[id] {
			errorf("rule id %s twice", id)
		}
		rules[id] = true
		if u, ok := r["helpUri"].(string); ok {
			if p, err := url.Parse(u); err != nil || !p.IsAbs() {
				errorf("rule %s: helpUri %q is not absolute", id, u)
			}
		}
	}
	bases := map[string]bool{}
	for id, b := range asMap(run["originalUriBaseIds"]) {
		u, _ := b.(map[string]any)["uri"].(string)
		p, err := url.Parse(u)
		if err != nil || !p.IsAbs() || !strings.HasSuffix(u, "/") {
			errorf("originalUriBaseIds[%s].uri = %q: want an absolute URI ending in /", id, u)
		}
		bases[id] = true
	}
	if _, ok := run["results"].([]any); !ok {
		errorf("runs[0].results is not an array")
	}
	checkLoc := func(where string, loc map[string]any) {
		phys, ok := loc["physicalLocation"].(map[string]any)
		if !ok {
			errorf("%s: no physicalLocation", where)
			return
		}
		art, _ := phys["artifactLocation"].(map[string]any)
		uri, _ := art["uri"].(string)
		p, err := url.Parse(uri)
		switch {
		case uri == "" || err != nil:
			errorf("%s: artifactLocation.uri %q", where, uri)
		case !p.IsAbs():
			base, _ := art["uriBaseId"].(string)
			if !bases[base] {
				errorf("%s: relative uri %q with uriBaseId %q the run does not define", where, uri, base)
			}
			if strings.HasPrefix(uri, "/") || strings.HasPrefix(uri, "../") || strings.Contains(uri, `\`) {
				errorf("%s: uri %q is not relative below the base", where, uri)
			}
		}
		reg, ok := phys["region"].(map[string]any)
		if !ok {
			return
		}
		num := func(k string) int {
			v, ok := reg[k].(float64)
			if !ok {
				return 0
			}
			if v < 1 || v != float64(int(v)) {
				errorf("%s: region.%s = %v, want an integer >= 1", where, k, v)
			}
			return int(v)
		}
		sl, sc, el, ec := num("startLine"), num("startColumn"), num("endLine"), num("endColumn")
		if sl == 0 {
			errorf("%s: region without startLine", where)
		}
		if el != 0 && (el < sl || el == sl && ec != 0 && ec < sc) {
			errorf("%s: region ends before it starts: %v", where, reg)
		}
	}
	for i, r := range asList(run["results"]) {
		where := fmt.Sprintf("results[%d]", i)
		if text, _ := dig(r, "message", "text").(string); text == "" {
			errorf("%s: no message.text", where)
		}
		if id, _ := r["ruleId"].(string); !rules[id] {
			errorf("%s: ruleId %q is not a rule", where, id)
		}
		switch r["level"] {
		case "none", "note", "warning", "error":
		default:
			errorf("%s: level %v", where, r["level"])
		}
		if len(asList(r["locations"])) == 0 {
			errorf("%s: no locations", where)
		}
		for j, loc := range asList(r["locations"]) {
			checkLoc(fmt.Sprintf("%s.locations[%d]", where, j), loc)
		}
		ids := map[float64]bool{}
		for j, loc := range asList(r["relatedLocations"]) {
			checkLoc(fmt.Sprintf("%s.relatedLocations[%d]", where, j), loc)
			if id, ok := loc["id"].(float64); ok {
				if id < 0 || ids[id] {
					errorf("%s.relatedLocations[%d]: id %v negative or repeated", where, j, id)
				}
				ids[id] = true
			}
		}
	}
	return problems
}

func validateSARIF(t *testing.T, raw []byte) {
	t.Helper()
	for _, p := range sarifProblems(raw) {
		t.Errorf("SARIF: %s", p)
	}
}

func dig(m map[string]any, keys ...string) any {
	var v any = m
	for _, k := range keys {
		mm, _ := v.(map[string]any)
		v = mm[k]
	}
	return v
}

func asList(v any) []map[string]any {
	var out []map[string]any
	l, _ := v.([]any)
	for _, e := range l {
		m, _ := e.(map[string]any)
		out = append(out, m)
	}
	return out
}

func asMap(v any) map[string]any { m, _ := v.(map[string]any); return m }

func TestBuildSARIF(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "pkg", "é x.go")
	// "é" is two bytes and one UTF-16 unit, "𝄞" four bytes and two units.
	src := "package p\n\nvar s = \"é𝄞\" + bad\n"
	if err := os.MkdirAll(filepath.Dir(file), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(file, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	badOff := strings.Index(src, "bad")
	lineOff := strings.Index(src, "var")
	at := func(off int) token.Position {
		return token.Position{Filename: file, Offset: off, Line: 3, Column: off - lineOff + 1}
	}
	outside := filepath.Join(filepath.Dir(dir), "elsewhere", "dep.go")
	leak := Finding{Analyzer: "alpha", Message: "leak", Pos: at(badOff), End: at(badOff + 3),
		Related: []Related{{Message: "here", Pos: at(lineOff)}, {Message: "there", Pos: token.Position{Filename: outside, Line: 7, Column: 2}}}}
	in := SARIFInput{
		Version: "v1.2.3",
		Rules: []*analysis.Analyzer{
			{Name: "alpha", Doc: "finds alphas\n\nAt length.", URL: "https://example.com/alpha"},
			{Name: "beta", Doc: "finds betas"},
		},
		Findings: []Finding{
			{Analyzer: "beta", Message: "b", Pos: token.Position{Filename: file, Line: 1, Column: 1}},
			leak,
			leak, // a file of a package and of its test variant
		},
		Dir:      dir,
		ReadFile: os.ReadFile,
	}
	log := BuildSARIF(in)
	raw, err := json.MarshalIndent(log, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	validateSARIF(t, raw)

	var back Log
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&back); err != nil {
		t.Fatalf("unmarshal into the SARIF types: %v", err)
	}
	run := back.Runs[0]
	if d := run.Tool.Driver; d.Name != "drill-vet" || d.Version != "v1.2.3" || len(d.Rules) != 2 ||
		d.Rules[0].ID != "alpha" || d.Rules[0].ShortDescription.Text != "finds alphas" ||
		d.Rules[0].HelpURI != "https://example.com/alpha" || d.Rules[1].HelpURI != "" {
		t.Errorf("driver = %+v", d)
	}
	if got, want := run.OriginalURIBaseIDs[SrcRoot].URI, fileURI(dir, true); got != want || !strings.HasPrefix(got, "file:///") {
		t.Errorf("%%SRCROOT%% = %q, want %q", got, want)
	}
	if len(run.Results) != 2 {
		t.Fatalf("results = %d, want 2 (the repeated finding folded): %s", len(run.Results), raw)
	}
	// Sorted by position: beta's line 1 first.
	if run.Results[0].RuleID != "beta" || run.Results[0].RuleIndex != 1 || run.Results[1].RuleIndex != 0 {
		t.Errorf("order or rule index: %+v", run.Results)
	}
	r := run.Results[1]
	loc := r.Locations[0].PhysicalLocation
	if loc.ArtifactLocation.URI != "pkg/%C3%A9%20x.go" || loc.ArtifactLocation.URIBaseID != SrcRoot {
		t.Errorf("artifact = %+v", loc.ArtifactLocation)
	}
	// Bytes before "bad" on its line: `var s = "é𝄞" + ` is 19 bytes,
	// 16 UTF-16 units, so column 17; the end is 3 further.
	if want := (Region{StartLine: 3, StartColumn: 17, EndLine: 3, EndColumn: 20}); *loc.Region != want {
		t.Errorf("region = %+v, want %+v", *loc.Region, want)
	}
	if len(r.RelatedLocations) != 2 || r.RelatedLocations[0].ID != 1 || r.RelatedLocations[0].Message.Text != "here" ||
		r.RelatedLocations[0].PhysicalLocation.Region.EndLine != 0 {
		t.Errorf("related = %+v", r.RelatedLocations)
	}
	if a := r.RelatedLocations[1].PhysicalLocation.ArtifactLocation; a.URIBaseID != "" || a.URI != fileURI(outside, false) {
		t.Errorf("a file outside the root: %+v, want an absolute file URI", a)
	}
	if !run.Invocations[0].ExecutionSuccessful || run.ColumnKind != "utf16CodeUnits" {
		t.Errorf("run = %+v", run)
	}
}

// The validator itself catches what it claims to.
func TestValidateSARIFCatches(t *testing.T) {
	good := `{"version":"2.1.0","$schema":"https://json.schemastore.org/sarif-2.1.0.json","runs":[{"tool":{"driver":{"name":"x","rules":[{"id":"a"}]}},
	"originalUriBaseIds":{"%SRCROOT%":{"uri":"file:///src/"}},
	"results":[{"ruleId":"a","level":"warning","message":{"text":"m"},"locations":[{"physicalLocation":{"artifactLocation":{"uri":"p/a.go","uriBaseId":"%SRCROOT%"},"region":{"startLine":1}}}]}]}]}`
	for _, bad := range []struct{ from, to string }{
		{`"2.1.0","$schema"`, `"2.0.0","$schema"`},
		{`"name":"x"`, `"nom":"x"`},
		{`"text":"m"`, `"text":""`},
		{`"uri":"p/a.go"`, `"uri":"/abs/a.go"`},
		{`"uri":"p/a.go"`, `"uri":"../a.go"`},
		{`"uriBaseId":"%SRCROOT%"`, `"uriBaseId":"OTHER"`},
		{`"startLine":1`, `"startLine":0`},
		{`"ruleId":"a"`, `"ruleId":"b"`},
		{`"file:///src/"`, `"file:///src"`},
	} {
		raw := strings.Replace(good, bad.from, bad.to, 1)
		if raw == good {
			t.Fatalf("%s is not in the good log", bad.from)
		}
		if len(sarifProblems([]byte(raw))) == 0 {
			t.Errorf("%s -> %s: the validator accepts it", bad.from, bad.to)
		}
	}
	if p := sarifProblems([]byte(good)); len(p) > 0 {
		t.Errorf("the validator rejects a good log: %q", p)
	}
}

// drill-vet -sarif end to end over a small module: the log validates, the
// suppressed finding is absent, and findings exit 0 as -json does.
func TestRunSARIF(t *testing.T) {
	dir := t.TempDir()
	write := func(name, text string) {
		t.Helper()
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("go.mod", "module example.com/m\n\ngo 1.26.0\n")
	write("soon/soon.go", `package soon

import (
	"context"
	"time"
)

func Soon(ctx context.Context) context.Context {
	ctx, _ = context.WithTimeout(ctx, time.Second)
	ctx, _ = context.WithTimeout(ctx, time.Second) //drill:ignore lostcancel the caller's deadline is shorter
	return ctx
}
`)
	t.Chdir(dir)
	var stdout, stderr bytes.Buffer
	code := RunSARIF([]string{"./..."}, Suppressing(analyzers.Vet()), &stdout, &stderr)
	if code != 0 || stderr.Len() > 0 {
		t.Fatalf("exit %d, stderr:\n%s", code, stderr.String())
	}
	validateSARIF(t, stdout.Bytes())
	var log Log
	if err := json.Unmarshal(stdout.Bytes(), &log); err != nil {
		t.Fatal(err)
	}
	run := log.Runs[0]
	if len(run.Tool.Driver.Rules) != len(analyzers.Vet()) {
		t.Errorf("%d rules, want every analyzer (%d)", len(run.Tool.Driver.Rules), len(analyzers.Vet()))
	}
	if len(run.Results) != 1 {
		t.Fatalf("results: %+v, want lostcancel's on line 9 only", run.Results)
	}
	r := run.Results[0]
	if loc := r.Locations[0].PhysicalLocation; r.RuleID != "lostcancel" || loc.ArtifactLocation.URI != "soon/soon.go" ||
		loc.Region.StartLine != 9 || loc.Region.StartColumn != 7 {
		t.Errorf("result = %+v at %+v", r, loc)
	}

	// A command line multichecker would take but -sarif cannot honour.
	stderr.Reset()
	if code := RunSARIF([]string{"-fix", "./..."}, Suppressing(analyzers.Vet()), &stdout, &stderr); code != 2 {
		t.Errorf("-sarif -fix: exit %d, want 2", code)
	}
}

func TestSARIFFlag(t *testing.T) {
	for _, tc := range []struct {
		args string
		want bool
		rest string
	}{
		{"-sarif ./...", true, "./..."},
		{"--sarif -test=false ./...", true, "-test=false ./..."},
		{"-sarif=true ./...", true, "./..."},
		{"-sarif=false ./...", false, "./..."},
		{"-json ./...", false, "-json ./..."},
		{"./... -sarif", false, "./... -sarif"}, // after a pattern: not a flag
		{"-- -sarif", false, "-- -sarif"},
		{"-sarif=maybe ./...", false, "-sarif=maybe ./..."},
	} {
		want, rest := SARIFFlag(strings.Fields(tc.args))
		if want != tc.want || strings.Join(rest, " ") != tc.rest {
			t.Errorf("SARIFFlag(%s) = %v, %q; want %v, %q", tc.args, want, rest, tc.want, tc.rest)
		}
	}
}
