package harness

import (
	"testing"

	"go.uber.org/goleak"
)

// Goroutines is a snapshot of the goroutines alive before the code under
// test ran; Check fails the test when new ones are still alive afterwards.
type Goroutines struct {
	ignore goleak.Option
}

// TrackGoroutines takes the snapshot. Call it after the test's own
// long-lived goroutines exist (an open *sql.DB runs one), so only goroutines
// started by the code under test are reported.
func TrackGoroutines() Goroutines {
	return Goroutines{ignore: goleak.IgnoreCurrent()}
}

// Check waits briefly for stragglers to exit, then reports every goroutine
// that is still running, with its stack.
func (g Goroutines) Check(t testing.TB) {
	t.Helper()
	if err := findLeak(g); err != nil {
		t.Fatalf("goroutines leaked: they are still blocked after the call returned:\n%v", err)
	}
}

func findLeak(g Goroutines) error { return goleak.Find(g.ignore) }
