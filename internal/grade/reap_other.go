//go:build unix && !linux

package grade

import "syscall"

// becomeSubreaper has no portable equivalent outside Linux: there the
// process group is all Reap can kill.
func becomeSubreaper() {}

func killDescendants() {}

func dieWithParent(*syscall.SysProcAttr) {}

func hideMemory() {}
