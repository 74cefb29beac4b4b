//go:build unix

// Package verdictkey takes the verdict channel's secret before any code of
// the exercise can run.
//
// drill check gives the test binary a per-check secret on fd 4 (see
// exercises/harness/verdict.go). Whichever code reads it first could sign
// results, so this package reads it in its own initialization and closes
// the descriptor. It is copied into the grading module as
// drill.workspace/0verdictkey, and the order the Go spec gives package
// initialization makes it come first. At each step the spec initializes the
// first package, in import path order, whose imports are all initialized.
// This one imports only syscall, which every package able to touch a
// descriptor depends on (through os, or directly), so it is ready as soon
// as any of them could be; and among packages ready at the same step,
// "drill.workspace/0verdictkey" sorts before every exercise's folder and
// before os. Exercise code cannot import it: the grading policy refuses
// drill.workspace packages.
package verdictkey

import "syscall"

const (
	verdictFD = 3
	secretFD  = 4
)

var secret = take()

func take() []byte {
	if v, _ := syscall.Getenv("DRILL_VERDICT"); v != "1" {
		return nil // a plain go test: the channel is off
	}
	syscall.Unsetenv("DRILL_VERDICT")
	// Before the secret is in memory: once the process is not dumpable,
	// the kernel gives its /proc/self entries to root, so code running as
	// an ordinary user can neither read this memory through
	// /proc/self/mem nor reopen fd 3 or 4 through /proc/self/fd.
	noDump()
	buf := make([]byte, 0, 64)
	for len(buf) < cap(buf) {
		n, err := syscall.Read(secretFD, buf[len(buf):cap(buf)])
		if n <= 0 || err != nil {
			break
		}
		buf = buf[:len(buf)+n]
	}
	syscall.Close(secretFD)
	if len(buf) < 32 {
		return nil
	}
	// Processes the tests start do not inherit the result pipe.
	syscall.CloseOnExec(verdictFD)
	return buf
}

// Take returns the secret the first time it is called, and nil after, so
// only the graded test package's own setup ever holds it.
func Take() []byte {
	s := secret
	secret = nil
	return s
}
