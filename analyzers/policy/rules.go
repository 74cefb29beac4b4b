package policy

import (
	"strings"
)

// The reasons a construct is refused, one per way graded code could cheat.
const (
	whyDetects = "graded code must not inspect how it is run"
	whyEscapes = "graded code must not leave or control the test process"
	whyRace    = "it hides code from the race detector"
	whyHarness = "graded code must not reach drill's harness, other exercises or progress"
	whyFDs     = "graded code must not open the descriptors it inherited: they carry drill's verdict"
)

// workspaceModule is the module path of a learner's workspace: its
// packages are drill's harness and the other exercises.
const workspaceModule = "drill.workspace"

// importReasons holds the packages refused by exact path.
var importReasons = map[string]string{
	"unsafe":        whyRace,
	"C":             "cgo code runs where the race detector cannot see",
	"syscall":       whyEscapes,
	"os/exec":       whyEscapes,
	"os/signal":     whyEscapes,
	"plugin":        whyEscapes,
	"runtime/debug": whyDetects,
	"testing":       whyDetects,
	"flag":          whyDetects,
}

// importKey returns the key of an import of path, or false if the import
// is allowed. ownPath, when known, is the importing package's path: its
// own subpackages are part of the exercise, not of the workspace around it.
func importKey(path, ownPath string) (string, bool) {
	if _, ok := importReasons[path]; ok {
		return "import " + path, true
	}
	switch {
	case under(path, "testing"):
		return "import " + path, true
	case under(path, "golang.org/x/sys"):
		// One key for the whole module: unix, windows and cpu all make
		// raw system calls, and an allow-list entry per subpackage
		// would add nothing.
		return "import golang.org/x/sys", true
	case path == workspaceModule || under(path, workspaceModule):
		if ownPath != "" && under(path, ownPath) {
			return "", false
		}
		return "import " + path, true
	}
	return "", false
}

// under reports whether path is a proper subpackage of dir.
func under(path, dir string) bool {
	return strings.HasPrefix(path, dir+"/")
}

// selectorReasons holds the package-level names refused, by package path.
var selectorReasons = map[string]map[string]string{
	"os": {
		"Args":         whyDetects,
		"Executable":   whyDetects,
		"Getpid":       whyDetects,
		"Getppid":      whyDetects,
		"Getenv":       whyDetects,
		"LookupEnv":    whyDetects,
		"Environ":      whyDetects,
		"Setenv":       whyEscapes,
		"Unsetenv":     whyEscapes,
		"StartProcess": whyEscapes,
		"FindProcess":  whyEscapes,
		"NewFile":      whyFDs,
	},
	"runtime": {
		"Callers":       whyDetects,
		"Caller":        whyDetects,
		"CallersFrames": whyDetects,
		"Stack":         whyDetects,
		"FuncForPC":     whyDetects,
		// Goexit ends a goroutine without returning: in the test's
		// goroutine it stops the test before its checks run.
		"Goexit": whyEscapes,
	},
}

// selectorKey returns the key of a use of name from the package at path,
// or false if it is allowed.
func selectorKey(path, name string) (string, bool) {
	if _, ok := selectorReasons[path][name]; ok {
		return path + "." + name, true
	}
	return "", false
}

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
		if name == "generate" {
			return "", false // runs at go generate time, never in the graded build
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

// The needles a string literal may not contain, each with its key.
var stringNeedles = []struct{ needle, key, why string }{
	{"/proc/", "string /proc/", "the process's own files tell how it is run"},
	{".drill", "string .drill", whyHarness},
	{"/dev/fd", "string /dev/fd", whyFDs},
}

// message is the one-line diagnostic for a use of key the shipped code
// does not make.
func message(key string) string {
	what, why := key, ""
	switch {
	case strings.HasPrefix(key, "import "):
		path := strings.TrimPrefix(key, "import ")
		why = importReasons[path]
		switch {
		case path == "golang.org/x/sys":
			what, why = `import "golang.org/x/sys/..."`, whyEscapes
		case under(path, "testing"):
			what, why = `import "`+path+`"`, whyDetects
		default:
			what = `import "` + path + `"`
			if why == "" {
				why = whyHarness // the drill.workspace family
			}
		}
	case strings.HasPrefix(key, "//"):
		if key == buildKey {
			what = "a build constraint (//go:build or // +build)"
		}
		why = directiveReason(key)
	case strings.HasPrefix(key, "string "):
		for _, n := range stringNeedles {
			if n.key == key {
				what, why = "a string containing "+strings.TrimPrefix(key, "string "), n.why
			}
		}
	default:
		pkg, name, _ := strings.Cut(key, ".")
		why = selectorReasons[pkg][name]
	}
	return what + " is not allowed in an exercise fix: " + why + " (the shipped code does not use it)"
}
