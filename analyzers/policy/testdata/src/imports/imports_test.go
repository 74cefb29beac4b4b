package imports

// The same imports in a test file are drill's business, not the fix's.

import (
	"flag"
	"os/exec"
	"testing"
	_ "unsafe"
)

func TestFlags(t *testing.T) {
	_ = flag.Lookup("test.v")
	_ = exec.Command
}
