// Package analysisdoc reads an analyzer's documentation out of its
// package's doc.go, so the text a user reads on pkg.go.dev, in drill
// explain and in drill-vet's help is written once.
//
// The doc comment holds a section headed "# Analyzer NAME" whose first
// paragraph is "NAME: title"; everything from there to the next heading
// (or the end) is the Doc, title first, as go/analysis expects.
package analysisdoc

import (
	"fmt"
	"go/parser"
	"go/token"
	"strings"
)

// MustExtract returns the Doc for the analyzer name from the source of a
// doc.go file. It panics when the section is missing or malformed: that
// is a programming error caught by every test of the analyzer.
func MustExtract(src, name string) string {
	doc, err := Extract(src, name)
	if err != nil {
		panic(err)
	}
	return doc
}

// Extract is MustExtract returning the error.
func Extract(src, name string) (string, error) {
	f, err := parser.ParseFile(token.NewFileSet(), "doc.go", src, parser.ParseComments|parser.PackageClauseOnly)
	if err != nil {
		return "", err
	}
	if f.Doc == nil {
		return "", fmt.Errorf("doc.go has no package comment")
	}
	text := f.Doc.Text()
	heading := "# Analyzer " + name + "\n"
	_, rest, found := strings.Cut(text, heading)
	if !found {
		return "", fmt.Errorf("doc.go has no %q section", strings.TrimSpace(heading))
	}
	if end := strings.Index(rest, "\n# "); end >= 0 {
		rest = rest[:end]
	}
	rest = strings.TrimSpace(rest)
	body, ok := strings.CutPrefix(rest, name+": ")
	if !ok {
		return "", fmt.Errorf("the %q section must start with %q", strings.TrimSpace(heading), name+": title")
	}
	return body, nil
}
