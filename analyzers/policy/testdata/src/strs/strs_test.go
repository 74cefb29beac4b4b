package strs

import "testing"

func TestPaths(t *testing.T) {
	_ = "/proc/self/exe"
	_ = ".drill/state.json"
	_ = "/proc"
	_ = "self/mem"
}
