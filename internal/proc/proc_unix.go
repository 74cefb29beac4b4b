//go:build unix

// Package proc answers questions about other processes that drill's
// cleanup needs: is the drill that owns a leftover folder still running?
package proc

import (
	"os"
	"strconv"
	"strings"
	"syscall"
)

// Alive reports whether process pid exists and is not a zombie.
func Alive(pid int) bool {
	if pid <= 0 {
		return false
	}
	if err := syscall.Kill(pid, 0); err != nil && err != syscall.EPERM {
		return false
	}
	// A killed drill can linger as a zombie until its parent reaps it; on
	// Linux /proc says so, and a zombie cleans up nothing.
	if stat, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat"); err == nil {
		if f := StatFields(string(stat)); len(f) > 0 && f[0] == "Z" {
			return false
		}
	}
	return true
}

// StatFields splits the fields of /proc/PID/stat that follow the command
// name (which is in parentheses and may hold spaces): state, ppid, ...
func StatFields(stat string) []string {
	i := strings.LastIndexByte(stat, ')')
	if i < 0 {
		return nil
	}
	return strings.Fields(stat[i+1:])
}
