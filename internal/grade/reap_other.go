//go:build unix && !linux

package grade

// becomeSubreaper has no portable equivalent outside Linux: there the
// process group is all Reap can kill.
func becomeSubreaper() {}

func killDescendants() {}
