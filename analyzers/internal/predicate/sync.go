package predicate

import "go/types"

// IsSyncType reports whether t (through aliases, not through a pointer) is
// a named type of package sync or sync/atomic: a Mutex, a WaitGroup, an
// atomic.Int64. Storing a whole such value initialises it; it is not one of
// the updates it exists to synchronise.
func IsSyncType(t types.Type) bool {
	n, ok := types.Unalias(t).(*types.Named)
	if !ok || n.Obj().Pkg() == nil {
		return false
	}
	switch n.Obj().Pkg().Path() {
	case "sync", "sync/atomic":
		return true
	}
	return false
}
