//go:build !unix

package grade

import "os/exec"

// killGroupOnCancel relies on exec.CommandContext's default (kill the go
// command) where process groups are not available.
func killGroupOnCancel(cmd *exec.Cmd) {}

// Reap is not available: grading runs the test binary under a reaper only
// on Unix systems (see reap.go).
func Reap(args []string) int { return 2 }

const reaperAvailable = false

func stopReaperOnCancel(cmd *exec.Cmd) {}

func hideMemory() {}
