//go:build !unix

package grade

import "os/exec"

// killGroupOnCancel relies on exec.CommandContext's default (kill the go
// command) where process groups are not available.
func killGroupOnCancel(cmd *exec.Cmd) {}
