//go:build unix

package grade

import (
	"os/exec"
	"syscall"
)

// killGroupOnCancel puts the go command in its own process group and kills
// the whole group on cancel, so Ctrl-C also stops the compiler and the test
// binary the go command started, and no temporary build is left running.
func killGroupOnCancel(cmd *exec.Cmd) {
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	dieWithParent(cmd.SysProcAttr)
	cmd.Cancel = func() error {
		return syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
	}
}

// reaperAvailable: the test binary runs under Reap.
const reaperAvailable = true

// stopReaperOnCancel puts the reaper in its own process group (Ctrl-C in
// the terminal reaches drill, not the tests) and, on cancel, asks it with
// SIGTERM to kill everything the tests started before it exits.
func stopReaperOnCancel(cmd *exec.Cmd) {
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	dieWithParent(cmd.SysProcAttr)
	cmd.Cancel = func() error { return cmd.Process.Signal(syscall.SIGTERM) }
}
