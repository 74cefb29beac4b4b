package vetdriver

import (
	"go/token"
	"net/url"
	"path/filepath"
	"strings"
	"unicode/utf8"

	"golang.org/x/tools/go/analysis"
)

// The SARIF 2.1.0 subset drill-vet writes, typed by hand as staticcheck
// and govulncheck do: a generic SARIF library would be a dependency for
// a dozen structs. Field names follow the OASIS standard
// (https://docs.oasis-open.org/sarif/sarif/v2.1.0/); what GitHub code
// scanning reads is what is here.

// SARIFVersion and SARIFSchema are the values a 2.1.0 log must carry.
const (
	SARIFVersion = "2.1.0"
	SARIFSchema  = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
	// SrcRoot is the base the relative artifact URIs are resolved
	// against; the run's originalUriBaseIds says where it was.
	SrcRoot = "%SRCROOT%"
)

type Log struct {
	Version string `json:"version"`
	Schema  string `json:"$schema"`
	Runs    []Run  `json:"runs"`
}

type Run struct {
	Tool               Tool                        `json:"tool"`
	Invocations        []Invocation                `json:"invocations,omitempty"`
	OriginalURIBaseIDs map[string]ArtifactLocation `json:"originalUriBaseIds,omitempty"`
	// Go's columns count bytes; SARIF's default, kept explicit here,
	// counts UTF-16 code units, which is what the columns are turned
	// into (an editor's column on a line with non-ASCII text).
	ColumnKind string   `json:"columnKind,omitempty"`
	Results    []Result `json:"results"` // [] rather than absent: "ran, found nothing"
}

type Tool struct {
	Driver Driver `json:"driver"`
}

type Driver struct {
	Name           string `json:"name"`
	Version        string `json:"version,omitempty"`
	InformationURI string `json:"informationUri,omitempty"`
	Rules          []Rule `json:"rules,omitempty"`
}

type Rule struct {
	ID               string   `json:"id"`
	ShortDescription *Message `json:"shortDescription,omitempty"`
	HelpURI          string   `json:"helpUri,omitempty"`
}

// Message is both SARIF's message and its multiformatMessageString: only
// plain text is written.
type Message struct {
	Text string `json:"text"`
}

type Result struct {
	RuleID           string     `json:"ruleId"`
	RuleIndex        int        `json:"ruleIndex"`
	Level            string     `json:"level"`
	Message          Message    `json:"message"`
	Locations        []Location `json:"locations"`
	RelatedLocations []Location `json:"relatedLocations,omitempty"`
}

type Location struct {
	ID               int               `json:"id,omitempty"` // related locations count from 1
	PhysicalLocation *PhysicalLocation `json:"physicalLocation,omitempty"`
	Message          *Message          `json:"message,omitempty"`
}

type PhysicalLocation struct {
	ArtifactLocation ArtifactLocation `json:"artifactLocation"`
	Region           *Region          `json:"region,omitempty"`
}

type ArtifactLocation struct {
	URI       string `json:"uri"`
	URIBaseID string `json:"uriBaseId,omitempty"`
}

type Region struct {
	StartLine   int `json:"startLine"`
	StartColumn int `json:"startColumn,omitempty"`
	EndLine     int `json:"endLine,omitempty"`
	EndColumn   int `json:"endColumn,omitempty"`
}

type Invocation struct {
	ExecutionSuccessful        bool           `json:"executionSuccessful"`
	ToolExecutionNotifications []Notification `json:"toolExecutionNotifications,omitempty"`
}

type Notification struct {
	Level   string  `json:"level"`
	Message Message `json:"message"`
}

// A Finding is one diagnostic with its positions resolved, whatever driver
// produced it. End and the Related ends have Line 0 when unknown.
type Finding struct {
	Analyzer string
	Message  string
	Pos, End token.Position
	Related  []Related
}

type Related struct {
	Message  string
	Pos, End token.Position
}

// SARIFInput is what one drill-vet run hands BuildSARIF.
type SARIFInput struct {
	Version   string               // the tool's version, from build info
	Rules     []*analysis.Analyzer // every analyzer, enabled or not
	Findings  []Finding
	Errors    []string // analyses or packages that failed
	Dir       string   // absolute; URIs are relative to it
	ReadFile  func(string) ([]byte, error)
	sourceMap map[string][]byte
}

// BuildSARIF makes the log of one run. Results are de-duplicated (a file
// of a package and of its test variant is analysed twice) and sorted by
// file, line, column and rule, so the output is stable across runs.
func BuildSARIF(in SARIFInput) *Log {
	in.sourceMap = map[string][]byte{}
	run := Run{
		Tool: Tool{Driver: Driver{Name: "drill-vet", Version: in.Version,
			InformationURI: "https://github.com/drillhq/drill"}},
		OriginalURIBaseIDs: map[string]ArtifactLocation{SrcRoot: {URI: fileURI(in.Dir, true)}},
		ColumnKind:         "utf16CodeUnits",
		Results:            []Result{},
	}
	index := map[string]int{}
	for i, a := range in.Rules {
		index[a.Name] = i
		short, _, _ := strings.Cut(strings.TrimSpace(a.Doc), "\n")
		run.Tool.Driver.Rules = append(run.Tool.Driver.Rules, Rule{
			ID:               a.Name,
			ShortDescription: &Message{Text: short},
			HelpURI:          a.URL,
		})
	}
	inv := Invocation{ExecutionSuccessful: len(in.Errors) == 0}
	for _, e := range in.Errors {
		inv.ToolExecutionNotifications = append(inv.ToolExecutionNotifications,
			Notification{Level: "error", Message: Message{Text: e}})
	}
	run.Invocations = []Invocation{inv}

	for _, f := range sortedUnique(in.Findings) {
		r := Result{RuleID: f.Analyzer, RuleIndex: index[f.Analyzer], Level: "warning",
			Message: Message{Text: f.Message}}
		r.Locations = []Location{{PhysicalLocation: in.physical(f.Pos, f.End)}}
		for i, rel := range f.Related {
			r.RelatedLocations = append(r.RelatedLocations, Location{ID: i + 1,
				PhysicalLocation: in.physical(rel.Pos, rel.End), Message: &Message{Text: rel.Message}})
		}
		run.Results = append(run.Results, r)
	}
	return &Log{Version: SARIFVersion, Schema: SARIFSchema, Runs: []Run{run}}
}

// physical places a range: relative to the source root when the file is
// inside it (what code scanning matches against the repository), by
// absolute file URI otherwise (a related position in the module cache).
func (in *SARIFInput) physical(pos, end token.Position) *PhysicalLocation {
	loc := &PhysicalLocation{ArtifactLocation: artifact(in.Dir, pos.Filename)}
	if pos.Line < 1 {
		return loc // a whole-file finding: no region
	}
	reg := &Region{StartLine: pos.Line}
	if pos.Column > 0 {
		reg.StartColumn = in.column(pos)
	}
	if end.IsValid() && end.Filename == pos.Filename && end.Line >= pos.Line {
		reg.EndLine = end.Line
		if end.Column > 0 {
			reg.EndColumn = in.column(end)
		}
	}
	loc.Region = reg
	return loc
}

// column turns a byte column into a UTF-16 one, reading the line from the
// file; when the file cannot be read the byte column stands.
func (in *SARIFInput) column(p token.Position) int {
	src, ok := in.sourceMap[p.Filename]
	if !ok && in.ReadFile != nil {
		src, _ = in.ReadFile(p.Filename)
		in.sourceMap[p.Filename] = src
	}
	start := p.Offset - (p.Column - 1)
	if src == nil || start < 0 || p.Offset > len(src) {
		return p.Column
	}
	n := 1
	for b := src[start:p.Offset]; len(b) > 0; {
		r, size := utf8.DecodeRune(b)
		b = b[size:]
		n++
		if r >= 0x10000 {
			n++ // a surrogate pair
		}
	}
	return n
}

func artifact(dir, file string) ArtifactLocation {
	if rel, err := filepath.Rel(dir, file); err == nil && filepath.IsAbs(file) && rel != ".." &&
		!strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		return ArtifactLocation{URI: (&url.URL{Path: filepath.ToSlash(rel)}).String(), URIBaseID: SrcRoot}
	}
	if filepath.IsAbs(file) {
		return ArtifactLocation{URI: fileURI(file, false)}
	}
	// Already relative (a driver that trimmed it): resolve against the root.
	return ArtifactLocation{URI: (&url.URL{Path: filepath.ToSlash(file)}).String(), URIBaseID: SrcRoot}
}

// fileURI is the file: URI of an absolute path, with a trailing slash for
// a folder as SARIF requires of a base URI (file:///C:/src/ on Windows).
func fileURI(path string, dir bool) string {
	p := filepath.ToSlash(path)
	if !strings.HasPrefix(p, "/") {
		p = "/" + p
	}
	if dir && !strings.HasSuffix(p, "/") {
		p += "/"
	}
	return (&url.URL{Scheme: "file", Path: p}).String()
}
