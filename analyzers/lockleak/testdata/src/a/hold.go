package a

import "sync"

type rows struct {
	closemu   sync.RWMutex
	scanHold  bool
	scanCount int
	raw       bool
}

// Scan keeps the read lock when the caller scanned raw bytes, and records
// it in scanHold for the next call to release.
func (rs *rows) Scan(raw bool) error {
	rs.closemu.RLock()
	if raw {
		rs.scanHold = true
	} else {
		rs.closemu.RUnlock()
	}
	return nil
}

// A flag of something else, or a counter, records nothing about this lock.
func (rs *rows) ScanOther(raw bool, other *rows) error {
	rs.closemu.RLock() // want `rs.closemu.RLock\(\) is not released on every path`
	if raw {
		other.scanHold = true
	} else {
		rs.closemu.RUnlock()
	}
	return nil
}

func (rs *rows) ScanCount(raw bool) error {
	rs.closemu.RLock() // want `rs.closemu.RLock\(\) is not released on every path`
	if raw {
		rs.scanCount = 1
	} else {
		rs.closemu.RUnlock()
	}
	return nil
}

func (rs *rows) ScanFalse(raw bool) error {
	rs.closemu.RLock() // want `rs.closemu.RLock\(\) is not released on every path`
	if raw {
		rs.scanHold = false
	} else {
		rs.closemu.RUnlock()
	}
	return nil
}
