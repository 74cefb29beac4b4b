package grade

import (
	"path/filepath"
	"strings"
)

// What the go command and the test binary printed, read for the reason a
// check failed: a crash, a stuck test's line, a machine that cannot grade.

// crashReason recognises the runtime's fatal errors, which kill the test
// binary without a test ever reporting failure.
func crashReason(out string) string {
	switch {
	case strings.Contains(out, "concurrent map"):
		return "concurrent map access (a map written by several goroutines without a lock)"
	case strings.Contains(out, "all goroutines are asleep - deadlock!"):
		return "deadlock: all goroutines are asleep"
	case strings.Contains(out, "fatal error:"):
		return firstLineWith(out, "fatal error:")
	case strings.Contains(out, "panic:") && !strings.Contains(out, "panic: test timed out"):
		return firstLineWith(out, "panic:")
	}
	return ""
}

// learnerFrame finds the first stack frame (a tab, path:line, +0x..) in a
// non-test Go file of the learner's package folder.
func learnerFrame(out, pkgDir string) string {
	prefix := pkgDir + string(filepath.Separator)
	for line := range strings.SplitSeq(out, "\n") {
		line = strings.TrimSpace(line)
		if !strings.HasPrefix(line, prefix) {
			continue
		}
		loc := strings.Fields(line)[0]
		file, _, _ := strings.Cut(loc, ":")
		if strings.HasSuffix(file, "_test.go") || strings.Contains(strings.TrimPrefix(file, prefix), string(filepath.Separator)) {
			continue
		}
		return loc
	}
	return ""
}

// trimPanic keeps the head of a crash report, up to the goroutine dump that
// follows it: a timed-out test's dump runs to hundreds of lines of runtime
// internals that say nothing the first lines do not.
func trimPanic(out string) string {
	var keep []string
	for line := range strings.SplitSeq(out, "\n") {
		if strings.HasPrefix(line, "goroutine ") && len(keep) > 0 {
			keep = append(keep, "(goroutine dump trimmed)")
			break
		}
		keep = append(keep, line)
	}
	return strings.Join(keep, "\n")
}

func firstLine(s string) string {
	s = strings.TrimSpace(s)
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		return s[:i]
	}
	return s
}

func firstLineWith(s, marker string) string {
	i := strings.Index(s, marker)
	return firstLine(s[i:])
}

// moduleUnavailable recognises a build that failed because one of drill's
// own modules is not in the module cache (offline, GOPROXY=off): the
// machine cannot grade, the code is not at fault.
func moduleUnavailable(out string) *EnvError {
	for _, marker := range []string{
		"missing go.sum entry", "module lookup disabled", "go: downloading", "dial tcp", "verifying module",
		"no such host", "connection refused", "network is unreachable", "i/o timeout", "proxyconnect",
	} {
		if line := lineContaining(out, marker); line != "" {
			return &EnvError{
				Problem: "a module grading needs is not available offline: " + line,
				Remedy:  "with the network on, run `go mod download` in the workspace once; drill keeps its modules downloaded from then on",
			}
		}
	}
	return nil
}

// foreignImport recognises a build that failed because the code imports a
// package from a module drill's grading module does not require: graded
// code builds with drill's go.mod, whatever the workspace's says.
func foreignImport(out string) string {
	for _, marker := range []string{"no required module provides package", "cannot find module providing package", "updates to go.mod needed"} {
		if line := lineContaining(out, marker); line != "" {
			return "graded code can import only the standard library and the modules of drill's workspace go.mod (pgx, goleak, x/sync, modernc sqlite): " + line
		}
	}
	return ""
}

func lineContaining(s, marker string) string {
	for line := range strings.SplitSeq(s, "\n") {
		if strings.Contains(line, marker) {
			return strings.TrimSpace(line)
		}
	}
	return ""
}

// raceUnavailable recognises a toolchain that cannot build with -race.
func raceUnavailable(out string) *EnvError {
	switch {
	case strings.Contains(out, "-race requires cgo"):
		return &EnvError{Problem: "go test -race needs cgo, and cgo is disabled", Remedy: "install a C compiler (gcc or clang) and set CGO_ENABLED=1; run drill doctor"}
	case strings.Contains(out, `exec: "gcc"`) || strings.Contains(out, `exec: "clang"`) || strings.Contains(out, "C compiler") && strings.Contains(out, "not found"):
		return &EnvError{Problem: "go test -race needs a C compiler and none was found", Remedy: "install gcc (Debian/Ubuntu: apt install gcc; macOS: xcode-select --install; Windows: MinGW-w64); run drill doctor"}
	case strings.Contains(out, "-race is not supported on"):
		return &EnvError{Problem: "the race detector is not supported on this platform", Remedy: "grade on linux, macOS or windows on amd64 or arm64"}
	}
	return nil
}
