//go:build unix

package grade

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"os/signal"
	"syscall"
)

// Reap runs the test binary named by args[0] with args[1:], passing on the
// verdict channel's descriptors (3 and 4), and when it exits, or when drill
// asks it to stop with SIGTERM or SIGINT, kills every process the test
// binary started, even ones that left its process group or session: on
// Linux this process is a child subreaper, so orphaned descendants become
// its children and it finds them; elsewhere the process group is killed.
// It exits with the test binary's exit code.
func Reap(args []string) int {
	if len(args) == 0 {
		fmt.Fprintln(os.Stderr, "drill: "+ReapCommand+": no command")
		return 2
	}
	becomeSubreaper()
	stop := make(chan os.Signal, 1)
	signal.Notify(stop, syscall.SIGTERM, syscall.SIGINT)
	cmd := exec.Command(args[0], args[1:]...)
	cmd.Stdin, cmd.Stdout, cmd.Stderr = nil, os.Stdout, os.Stderr
	cmd.ExtraFiles = []*os.File{os.NewFile(3, "verdict"), os.NewFile(4, "secret")}
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	if err := cmd.Start(); err != nil {
		fmt.Fprintln(os.Stderr, "drill: cannot start the test binary:", err)
		return 2
	}
	// Only the test binary holds the verdict pipe from here on.
	for _, f := range cmd.ExtraFiles {
		f.Close()
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	var err error
	select {
	case err = <-exited:
	case <-stop:
		syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
		err = <-exited
	}
	syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
	killDescendants()
	var exitErr *exec.ExitError
	switch {
	case err == nil:
		return 0
	case errors.As(err, &exitErr):
		if code := exitErr.ExitCode(); code >= 0 {
			return code
		}
		return 128 + 9 // killed by a signal
	default:
		return 2
	}
}
