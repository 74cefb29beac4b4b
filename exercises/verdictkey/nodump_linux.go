package verdictkey

import "syscall"

const prSetDumpable = 4 // PR_SET_DUMPABLE, from <linux/prctl.h>

// noDump clears the process's dumpable flag (see take).
func noDump() { syscall.RawSyscall(syscall.SYS_PRCTL, prSetDumpable, 0, 0) }
