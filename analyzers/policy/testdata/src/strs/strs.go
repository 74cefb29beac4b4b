package strs

const exe = "/proc/self/exe" // want `^a string containing /proc/ is not allowed in an exercise fix: the process's own files tell how it is run` `a string containing self/exe`

var state = `../.drill/state.json` // want `^a string naming a \.drill folder is not allowed in an exercise fix: graded code must not reach drill's harness, other exercises or progress`

var fd = "/dev/fd/3" // want `^a string containing /dev/fd is not allowed in an exercise fix: graded code must not open the descriptors it inherited`

// Splitting the needle across literals, or escaping it, does not hide it.
var (
	split   = "/pro" + ("c/" + "status") // want `a string containing /proc/`
	escaped = "\x2fproc/self/cmdline"    // want `a string containing /proc/` `a string containing self/cmdline`
)

// Each needle is reported once, at the constant expression holding it;
// the two spellings of a .drill folder are one key, reported once.
var both = "/proc/" + ".drill/" // want `containing /proc/` `naming a \.drill folder`

// The /proc folder itself, to which a program joins the rest at run time.
var (
	procDir  = "/proc"  // want `^the string /proc is not allowed in an exercise fix: the process's own files tell how it is run`
	procRoot = "//proc" // want `the string /proc`
)

// /proc/self paths without /proc/: relative to os.DirFS("/"), or joined.
var (
	mem     = "self/mem"          // want `^a string containing self/mem is not allowed in an exercise fix: graded code must not read the process's own memory and symbols`
	exe2    = "proc/self/exe"     // want `a string containing self/exe`
	fds     = "self/fd/3"         // want `^a string containing self/fd is not allowed in an exercise fix: graded code must not open the descriptors`
	cmdline = "proc/self/cmdline" // want `^a string containing self/cmdline is not allowed in an exercise fix: graded code must not inspect how it is run`
	environ = "self/environ"      // want `a string containing self/environ`
)

// A .drill folder, as a path element either way round.
var (
	dotDir  = "/home/me/ws/.drill" // want `a string naming a \.drill folder`
	dotRel  = ".drill/progress"    // want `a string naming a \.drill folder`
	dotJoin = "ws" + "/.drill"     // want `a string naming a \.drill folder`
)

// Look-alikes that are allowed.
var (
	process = "/process/"
	proc    = "proc/self"
	procs   = "/procs"
	bare    = "proc"
	name    = "drill"
	suffix  = "drill.state"
	dev     = "/dev/null"
	route   = "/v1/orders/proc"
	nested  = "/host/proc"
	myself  = "myself"
	selfish = "self/status"
	count   = len("abc") + 1
	// An SQL alias and column: .drill, but no .drill folder.
	query = "SELECT r.drill_id, r.total FROM reports r"
	ext   = "notes.drill"
)

// A needle built at run time is beyond a syntactic check.
func join(dir string) string { return dir + "/self" }
