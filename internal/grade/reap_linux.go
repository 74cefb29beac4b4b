package grade

import (
	"os"
	"path/filepath"
	"strconv"
	"syscall"
	"time"

	"golang.org/x/sys/unix"

	"github.com/drillhq/drill/internal/proc"
)

// becomeSubreaper makes orphaned descendants of this process its children
// (PR_SET_CHILD_SUBREAPER) instead of init's, and asks the kernel to send
// SIGTERM to it if drill dies first, so it still cleans up.
func becomeSubreaper() {
	unix.Prctl(unix.PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0)
	unix.Prctl(unix.PR_SET_PDEATHSIG, uintptr(syscall.SIGTERM), 0, 0, 0)
	hideMemory()
}

// hideMemory clears the process's dumpable flag. The kernel then gives its
// /proc entries (mem, environ, cwd, fd) to root, so code under test running
// as the same ordinary user cannot read drill's memory (where the verdict
// channel's secret and the signed lines are), its environment or its
// descriptors. drill calls it before a check makes its secret.
func hideMemory() { unix.Prctl(unix.PR_SET_DUMPABLE, 0, 0, 0, 0) }

// dieWithParent has the kernel signal a child when drill dies, even by
// SIGKILL, so no go command keeps building into a removed folder and the
// reaper (which handles SIGTERM) still kills the tests.
func dieWithParent(attr *syscall.SysProcAttr) { attr.Pdeathsig = syscall.SIGTERM }

// killDescendants kills and reaps every child of this process until none is
// left: processes the test binary started and detached (Setsid, double
// fork) were reparented here when their parents died.
func killDescendants() {
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		kids := children()
		if len(kids) == 0 {
			return
		}
		for _, pid := range kids {
			syscall.Kill(pid, syscall.SIGKILL)
		}
		for {
			pid, err := syscall.Wait4(-1, nil, syscall.WNOHANG, nil)
			if pid <= 0 || err != nil {
				break
			}
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// children lists the processes whose parent is this one, from /proc.
func children() []int {
	self := os.Getpid()
	stats, _ := filepath.Glob("/proc/[0-9]*/stat")
	var kids []int
	for _, p := range stats {
		raw, err := os.ReadFile(p)
		if err != nil {
			continue
		}
		f := proc.StatFields(string(raw))
		if len(f) < 2 {
			continue
		}
		if ppid, _ := strconv.Atoi(f[1]); ppid == self {
			pid, _ := strconv.Atoi(filepath.Base(filepath.Dir(p)))
			kids = append(kids, pid)
		}
	}
	return kids
}
