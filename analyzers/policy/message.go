package policy

import "strings"

// message is the one-line diagnostic for a use of key the shipped code
// does not make.
func message(key string) string {
	what, why := key, ""
	switch {
	case strings.HasPrefix(key, "import "):
		path := strings.TrimPrefix(key, "import ")
		what, why = `import "`+path+`"`, importReason(path)
		if path == "golang.org/x/sys" {
			what = `import "golang.org/x/sys/..."`
		}
	case strings.HasPrefix(key, "//"):
		if key == buildKey {
			what = "a build constraint (//go:build or // +build)"
		}
		why = directiveReason(key)
	case strings.HasPrefix(key, "string "):
		for _, n := range stringNeedles {
			if n.key == key {
				what, why = n.what, n.why
			}
		}
	default:
		pkg, name, _ := strings.Cut(key, ".")
		why = selectorReasons[pkg][name]
	}
	return what + " is not allowed in an exercise fix: " + why + " (the shipped code does not use it)"
}
