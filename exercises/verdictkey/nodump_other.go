//go:build unix && !linux

package verdictkey

// noDump has no equivalent that hides /proc here: other systems have no
// /proc/self/mem to read.
func noDump() {}
