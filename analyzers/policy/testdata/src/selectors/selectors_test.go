package selectors

import (
	"os"
	"runtime"
	"testing"
)

// Test files may inspect the process: they are drill's hidden tests.
func TestProcess(t *testing.T) {
	_ = os.Args
	_ = os.Getenv("CI")
	_, _, _, _ = runtime.Caller(0)
}
