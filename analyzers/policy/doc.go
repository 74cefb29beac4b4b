// Package policy defines an Analyzer that refuses, in a learner's fix of an
// exercise, the constructs graded code could use to notice it is being
// graded, to leave the test process, or to hide from the race detector,
// unless the exercise's shipped code uses them too. It also refuses, with
// no allow-list, any use of a name that drill's tests declare: the tests
// share the package with the fix, and a fix must not rewrite them.
//
// It is a grading rule, not a bug finder: drill check runs it (drill being
// go vet's vettool) and passes the shipped code's own uses as -policy.allow.
// It is not in drill-vet's default suite, where it would only be noise.
//
// A package main without test files is not judged at all: nothing can
// import a main package, drill builds only the exercise's test binary, and
// a learner's own test files are dropped, so such a program (a scratch
// tool beside the fix) never runs while the grader watches. A package main
// that holds drill's tests is that test binary, and is judged.
//
// # Analyzer policy
//
// policy: refuse test detection, process control and race-detector escapes in an exercise fix
//
// This is a grading rule, on in drill check only; it finds no bugs, and it is
// not part of drill-vet's default suite.
//
// drill check grades a fix by running hidden tests under the race detector.
// Code that can tell it is under test or under the grader (os.Args,
// os.Getenv, os.Expand and os.ExpandEnv, os.Getwd, os.TempDir,
// os.DirFS, runtime.Callers, log.Lshortfile and log.Llongfile, the testing,
// flag, os/user, expvar, go/build, runtime/pprof, runtime/trace and
// net/http/pprof packages,
// /proc and /proc/self/... strings), that reads the process's own memory or
// symbols (debug/..., self/mem, self/exe), that can leave or control the
// test process (os/exec, syscall, golang.org/x/sys, modernc.org/libc,
// plugin, net/http/cgi, os.Chdir), that reaches drill's harness, progress or module cache
// (drill.workspace/... outside the exercise, a .drill folder,
// os.UserHomeDir, os.UserConfigDir, os.UserCacheDir, /dev/fd and self/fd,
// os.NewFile), or that hides from the race detector (//go:norace,
// //go:linkname, build constraints, unsafe, cgo, //line) could pass the
// tests without fixing the bug. Such a construct is reported in every
// non-test file of the package unless its key is in the -policy.allow list,
// which drill check fills with the keys the exercise's shipped code uses
// itself: a fix may keep what it was given. //go:generate and //go:fix are
// allowed: they only instruct go generate and go fix.
//
// A use of anything declared in the package's _test.go files (a fixture, a
// helper, a method or field of a test type) is always reported: the fix must
// not reach into the tests that grade it, and no key allows it.
//
// Every package under the exercise's own folder (drill.workspace/<id>/...)
// may import every other; a package main with no test files is not judged,
// since no graded test binary can hold it.
//
// Keys: "import <path>" (golang.org/x/sys/... is "import golang.org/x/sys"),
// "os.Args" and the like, "//go:<name>" (a // +build line is "//go:build"),
// "//line", and "string <needle>": /proc/, /proc (at the end), self/mem,
// self/exe, self/fd, self/cmdline, self/environ, /dev/fd, and .drill (for a
// .drill/ or /.drill in the string).
package policy
