//go:build linux

package grade

import (
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"
)

// TestMain lets this test binary act as drill's reaper, as cmd/drill does.
func TestMain(m *testing.M) {
	if len(os.Args) > 1 && os.Args[1] == ReapCommand {
		os.Exit(Reap(os.Args[2:]))
	}
	os.Exit(m.Run())
}

// A process the tests start in a session of its own (out of every process
// group drill could kill) does not outlive the reaper.
func TestReapKillsDetachedDescendants(t *testing.T) {
	if _, err := exec.LookPath("setsid"); err != nil {
		t.Skip(err)
	}
	marker := "4343.25"
	ch, err := openChannel()
	if err != nil {
		t.Fatal(err)
	}
	// The "test binary" starts a detached sleep and exits 3 at once.
	cmd := exec.Command(os.Args[0], ReapCommand, "/bin/sh", "-c", "setsid sleep "+marker+" </dev/null >/dev/null 2>&1 & sleep 0.2; exit 3")
	cmd.ExtraFiles = ch.child
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	ch.started()
	err = cmd.Wait()
	ch.wait()
	if cmd.ProcessState.ExitCode() != 3 {
		t.Errorf("reaper exit = %v, want the child's 3", err)
	}
	deadline := time.Now().Add(5 * time.Second)
	for time.Now().Before(deadline) {
		if !running(marker) {
			return
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Fatalf("sleep %s still runs after the reaper exited", marker)
}

func running(marker string) bool {
	out, _ := exec.Command("ps", "-eo", "stat,args").Output()
	for line := range strings.SplitSeq(string(out), "\n") {
		if strings.Contains(line, "sleep "+marker) && !strings.HasPrefix(strings.TrimSpace(line), "Z") {
			return true
		}
	}
	return false
}
