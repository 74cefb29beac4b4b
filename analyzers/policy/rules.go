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
	whyMemory  = "graded code must not read the process's own memory and symbols: they hold drill's verdict secret"
	whySpawns  = "graded code must not start processes: they run outside the test process and can outlive it"
	whyHome    = "graded code must not look in the user's directories: they hold drill's progress key and module cache"
	whyCaller  = "caller positions are runtime.Caller by another name: they tell how the code is run"
)

// workspaceModule is the module path of a learner's workspace: its
// packages are drill's harness and the other exercises.
const workspaceModule = "drill.workspace"

// importReasons holds the packages refused by exact path.
var importReasons = map[string]string{
	"unsafe":         whyRace,
	"C":              "cgo code runs where the race detector cannot see",
	"syscall":        whyEscapes,
	"os/exec":        whyEscapes,
	"plugin":         whyEscapes,
	"runtime/debug":  whyDetects,
	"testing":        whyDetects,
	"flag":           whyDetects,
	"os/user":        whyDetects,
	"runtime/pprof":  whyDetects, // a goroutine profile is runtime.Stack by another name
	"runtime/trace":  whyDetects,
	"net/http/pprof": whyDetects,
	"net/http/cgi":   whySpawns,  // its Handler runs any program
	"expvar":         whyDetects, // publishes the command line
	"go/build":       whyDetects, // reports the toolchain's and GOPATH's folders
}

// importKey returns the key of an import of path, or false if the import
// is allowed. root, when known, is the import path of the exercise the
// importing package belongs to: every package under it is the learner's
// own, not part of the workspace around the exercise.
func importKey(path, root string) (string, bool) {
	if _, ok := importReasons[path]; ok {
		return "import " + path, true
	}
	switch {
	case under(path, "testing"), under(path, "debug"):
		return "import " + path, true
	case under(path, "golang.org/x/sys"):
		// One key for the whole module: unix, windows and cpu all make
		// raw system calls, and an allow-list entry per subpackage
		// would add nothing.
		return "import golang.org/x/sys", true
	case under(path, "modernc.org") && path != "modernc.org/sqlite":
		// The SQLite driver's C runtime, translated to Go: its libc
		// makes raw system calls (prctl, execve, write) past every rule
		// here. Only the driver itself is for exercise code.
		return "import modernc.org/libc", true
	case path == workspaceModule || under(path, workspaceModule):
		if root != "" && (path == root || under(path, root)) {
			return "", false
		}
		return "import " + path, true
	}
	return "", false
}

// importReason says why the import of path, whose key importKey gave,
// is refused.
func importReason(path string) string {
	switch {
	case path == "golang.org/x/sys", path == "modernc.org/libc":
		return whyEscapes
	case under(path, "testing"):
		return whyDetects
	case under(path, "debug"):
		// debug/elf and debug/gosym read the test binary's symbols,
		// which locate the harness's variables in memory.
		return whyMemory
	case importReasons[path] != "":
		return importReasons[path]
	}
	return whyHarness // the drill.workspace family
}

// exerciseRoot returns the import path of the exercise that the package at
// pkgPath belongs to (drill.workspace/<id> for drill.workspace/<id>/...),
// or "" for a package outside the workspace's exercises.
func exerciseRoot(pkgPath string) string {
	rest, ok := strings.CutPrefix(pkgPath, workspaceModule+"/")
	if !ok {
		return ""
	}
	id, _, _ := strings.Cut(rest, "/")
	return workspaceModule + "/" + id
}

// under reports whether path is a proper subpackage of dir.
func under(path, dir string) bool {
	return strings.HasPrefix(path, dir+"/")
}

// selectorReasons holds the package-level names refused, by package path.
var selectorReasons = map[string]map[string]string{
	"os": {
		"Args":       whyDetects,
		"Executable": whyDetects,
		"Getppid":    whyDetects,
		"Getenv":     whyDetects,
		"LookupEnv":  whyDetects,
		"Environ":    whyDetects,
		// Expand and ExpandEnv read the environment as Getenv does.
		"ExpandEnv": whyDetects,
		"Expand":    whyDetects,
		// The grader's working and temporary folders differ from the
		// learner's, and so may the host.
		"Getwd":   whyDetects,
		"TempDir": whyDetects,
		// A file system rooted elsewhere opens, by relative names such
		// as proc/self/cmdline, paths the string check looks for.
		"DirFS":         whyDetects,
		"UserHomeDir":   whyHome,
		"UserConfigDir": whyHome,
		"UserCacheDir":  whyHome,
		"Chdir":         whyEscapes,
		"Setenv":        whyEscapes,
		"Unsetenv":      whyEscapes,
		"StartProcess":  whyEscapes,
		"FindProcess":   whyEscapes,
		"NewFile":       whyFDs,
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
		// GOROOT names the toolchain's source, which code running as
		// the user who installed Go could patch for every later check.
		"GOROOT": whyHarness,
	},
	"log": {
		// With calldepth, a logger's Output names any caller's file:
		// a _test.go there means the code runs under test.
		"Lshortfile": whyCaller,
		"Llongfile":  whyCaller,
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

// A needle is what a string constant may not hold: anywhere in it, or,
// with atEnd, as the whole string ("/proc" with nothing after it is the
// folder itself, which a program joins names to). Needles may share a key: a
// constant is reported once per key, and what describes them all.
type needle struct {
	text  string
	atEnd bool
	key   string
	what  string
	why   string
}

func (n needle) in(s string) bool {
	if n.atEnd {
		// The folder itself ("/proc", "//proc"), not a route or a
		// path that merely ends in a proc segment (/v1/orders/proc).
		return strings.TrimLeft(s, "/") == strings.TrimLeft(n.text, "/") && strings.HasPrefix(s, "/")
	}
	return strings.Contains(s, n.text)
}

// The needles string constants may not contain. The self/... ones catch
// /proc/self paths written without /proc/ (relative to os.DirFS("/") or
// joined at run time); .drill is matched only as a folder's name, so that
// SQL such as r.drill_id is not refused.
var stringNeedles = []needle{
	{"/proc/", false, "string /proc/", "a string containing /proc/", whyProc},
	{"/proc", true, "string /proc", "the string /proc", whyProc},
	{"self/mem", false, "string self/mem", "a string containing self/mem", whyMemory},
	{"self/exe", false, "string self/exe", "a string containing self/exe", whyMemory},
	{"self/fd", false, "string self/fd", "a string containing self/fd", whyFDs},
	{"self/cmdline", false, "string self/cmdline", "a string containing self/cmdline", whyDetects},
	{"self/environ", false, "string self/environ", "a string containing self/environ", whyDetects},
	{".drill/", false, "string .drill", "a string naming a .drill folder", whyHarness},
	{"/.drill", false, "string .drill", "a string naming a .drill folder", whyHarness},
	{"/dev/fd", false, "string /dev/fd", "a string containing /dev/fd", whyFDs},
}

const whyProc = "the process's own files tell how it is run"
