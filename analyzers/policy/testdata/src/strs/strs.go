package strs

const exe = "/proc/self/exe" // want `^a string containing /proc/ is not allowed in an exercise fix: the process's own files tell how it is run`

var state = `../.drill/state.json` // want `^a string containing \.drill is not allowed in an exercise fix: graded code must not reach drill's harness, other exercises or progress`

var fd = "/dev/fd/3" // want `^a string containing /dev/fd is not allowed in an exercise fix: graded code must not open the descriptors it inherited`

// Splitting the needle across literals, or escaping it, does not hide it.
var (
	split   = "/pro" + ("c/self/" + "status") // want `a string containing /proc/`
	escaped = "\x2fproc/self/cmdline"         // want `a string containing /proc/`
)

// Each needle is reported once, at the constant expression holding it.
var both = "/proc/" + ".drill" // want `containing /proc/` `containing \.drill`

// Look-alikes that are allowed.
var (
	process = "/process/"
	proc    = "proc/self"
	name    = "drill"
	suffix  = "drill.state"
	dev     = "/dev/null"
	count   = len("abc") + 1
)

// A needle built at run time is beyond a syntactic check.
func join(dir string) string { return dir + "/self" }
