package cli

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

// IsVetInvocation reports whether args come from the go command's vet
// protocol (-V=full to identify the tool, -flags to list its flags, or
// flags followed by a .cfg file describing one package) rather than from a
// person.
func IsVetInvocation(args []string) bool {
	if len(args) == 0 {
		return false
	}
	if args[0] == "-V=full" || args[0] == "-flags" {
		return true
	}
	last := args[len(args)-1]
	if !strings.HasSuffix(last, ".cfg") {
		return false
	}
	for _, a := range args[:len(args)-1] {
		if !strings.HasPrefix(a, "-") {
			return false
		}
	}
	return true
}

// SelfPath is the path by which this binary was started, made absolute: the
// go command runs it again as the vettool. argv0 is preferred over
// os.Executable because a binary started through a link under another name
// (as test harnesses do) must be called by that name to behave as drill.
func SelfPath(argv0 string) string {
	if p, err := exec.LookPath(argv0); err == nil {
		if abs, err := filepath.Abs(p); err == nil {
			return abs
		}
	}
	p, _ := os.Executable()
	return p
}
