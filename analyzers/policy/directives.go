package policy

import "strings"

// Directive keys other than the //go: family.
const (
	buildKey = "//go:build" // a // +build line means the same thing
	lineKey  = "//line"
)

// directiveKey returns the key of a comment that is a directive, or false
// for a plain comment (including prose that mentions a directive).
func directiveKey(text string) (string, bool) {
	if strings.HasPrefix(text, "//line ") || strings.HasPrefix(text, "/*line ") {
		return lineKey, true
	}
	if rest, ok := strings.CutPrefix(text, "//go:"); ok {
		// The name is the word after "go:"; cutting at anything else
		// keeps keys free of the commas -policy.allow splits on.
		name := rest
		if i := strings.IndexFunc(rest, notNameRune); i >= 0 {
			name = rest[:i]
		}
		// Each only instructs a tool the grader never runs (go generate,
		// go fix); neither changes what is built.
		if name == "generate" || name == "fix" {
			return "", false
		}
		return "//go:" + name, true
	}
	if rest, ok := strings.CutPrefix(text, "//"); ok {
		// go/build reads "//+build" and "//   +build" alike.
		if f := strings.Fields(rest); len(f) > 0 && f[0] == "+build" {
			return buildKey, true
		}
	}
	return "", false
}

func notNameRune(r rune) bool {
	return !(r == '_' || 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9')
}

// directiveReason says why the directive with key is refused.
func directiveReason(key string) string {
	switch key {
	case "//go:norace", "//go:nocheckptr":
		return whyRace
	case buildKey:
		return "build constraints can compile other code under the race detector or the grader"
	case "//go:linkname":
		return "it reaches the runtime's and the test harness's internals, race detector included"
	case "//go:embed":
		return "it builds files into the graded code that the grader does not judge"
	case lineKey:
		return "it disguises which file and line the grader reports"
	}
	return "compiler directives change how the graded code is built"
}
