package sharedwrite

import "fmt"

// The diagnostics, worded for who runs concurrently: goroutines a function
// starts, or the handlers net/http runs for concurrent requests.

func goMessage(w write) string {
	switch w.kind {
	case writeMap:
		return fmt.Sprintf("%s is written by concurrent goroutines without a lock: concurrent map writes crash the process (use a sync.Mutex or sync.Map)", w.name)
	case writeAppend:
		return fmt.Sprintf("%s is appended to by concurrent goroutines without a lock: appends are lost (pre-size it and assign %s[i], hold a sync.Mutex, or collect over a channel)", w.name, w.name)
	case writeAtomicRMW:
		return fmt.Sprintf("%s is incremented by concurrent goroutines with an atomic Load and a separate Store: two goroutines store the same value and updates are lost (use Add, or a sync.Mutex around both)", w.name)
	}
	return fmt.Sprintf("%s is updated by concurrent goroutines without a lock: updates are lost (use atomic.Int64 or a sync.Mutex)", w.name)
}

func handlerMessage(w write) string {
	switch w.kind {
	case writeMap:
		return fmt.Sprintf("%s is written by concurrent handlers without a lock: concurrent map writes crash the process (use a sync.Mutex or sync.Map)", w.name)
	case writeAppend:
		return fmt.Sprintf("%s is appended to by concurrent handlers without a lock: appends are lost or corrupt the slice (hold a sync.Mutex)", w.name)
	case writeUpdate:
		return fmt.Sprintf("%s is updated by concurrent handlers without a lock: increments are lost (use atomic.Int64 or a sync.Mutex)", w.name)
	case writeAtomicRMW:
		return fmt.Sprintf("%s is incremented by concurrent handlers with an atomic Load and a separate Store: two requests store the same value and increments are lost (use Add, or a sync.Mutex around both)", w.name)
	}
	return fmt.Sprintf("%s is written by concurrent handlers without a lock: one request can read another request's value (keep per-request data in local variables)", w.name)
}
