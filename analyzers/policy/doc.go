// Package policy defines an Analyzer that refuses, in a learner's fix of an
// exercise, the constructs graded code could use to notice it is being
// graded, to leave the test process, or to hide from the race detector,
// unless the exercise's shipped code uses them too.
//
// It is a grading rule, not a bug finder: drill check runs it (drill being
// go vet's vettool) and passes the shipped code's own uses as -policy.allow.
// It is not in drill-vet's default suite, where it would only be noise.
package policy

const doc = `refuse test detection, process control and race-detector escapes in an exercise fix

This is a grading rule, on in drill check only; it finds no bugs, and it is
not part of drill-vet's default suite.

drill check grades a fix by running hidden tests under the race detector.
Code that can tell it is under test (os.Args, os.Getenv, runtime.Callers,
the testing or flag packages, /proc/self), that can leave or control the
test process (os/exec, syscall, os/signal, plugin), that reaches drill's
harness or progress (drill.workspace/..., .drill), or that hides from the
race detector (//go:norace, //go:linkname, build constraints, unsafe, cgo,
//line) could pass the tests without fixing the bug. Such a construct is
reported in every non-test file of the package unless its key is in the
-policy.allow list, which drill check fills with the keys the exercise's
shipped code uses itself: a fix may keep what it was given.

Keys: "import <path>" (golang.org/x/sys/... is "import golang.org/x/sys"),
"os.Args" and the like, "//go:<name>" (a // +build line is "//go:build"),
"//line", "string /proc/" and "string .drill".`
