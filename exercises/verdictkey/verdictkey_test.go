//go:build linux

package verdictkey

import (
	"bytes"
	"os"
	"os/exec"
	"syscall"
	"testing"
)

const prGetDumpable = 3 // PR_GET_DUMPABLE

// In a graded run the package takes the secret from fd 4 during its own
// initialization, closes the descriptor, makes the process not dumpable,
// and gives the secret out once.
func TestTakeInGradedRun(t *testing.T) {
	if os.Getenv("VERDICTKEY_CHILD") == "1" {
		child(t)
		return
	}
	resultR, resultW, _ := os.Pipe()
	secretR, secretW, _ := os.Pipe()
	want := bytes.Repeat([]byte{7}, 32)
	secretW.Write(want)
	secretW.Close()
	cmd := exec.Command(os.Args[0], "-test.run=^TestTakeInGradedRun$")
	cmd.Env = append(os.Environ(), "VERDICTKEY_CHILD=1", "DRILL_VERDICT=1")
	cmd.ExtraFiles = []*os.File{resultW, secretR}
	out, err := cmd.CombinedOutput()
	resultR.Close()
	if err != nil {
		t.Fatalf("graded child: %v\n%s", err, out)
	}
}

func child(t *testing.T) {
	got := Take()
	if !bytes.Equal(got, bytes.Repeat([]byte{7}, 32)) {
		t.Fatalf("Take() = %x, want the 32 bytes drill wrote on fd 4", got)
	}
	if again := Take(); again != nil {
		t.Errorf("a second Take() = %x, want nil", again)
	}
	if _, err := syscall.Read(secretFD, make([]byte, 1)); err != syscall.EBADF {
		t.Errorf("reading fd 4 after init: %v, want EBADF (closed)", err)
	}
	if d, _, _ := syscall.RawSyscall(syscall.SYS_PRCTL, prGetDumpable, 0, 0); d != 0 {
		t.Errorf("dumpable = %d, want 0", d)
	}
	if os.Getenv("DRILL_VERDICT") != "" {
		t.Error("DRILL_VERDICT is still set for the code under test to see")
	}
}

// Outside drill check (a plain go test) there is no secret and the process
// keeps its defaults.
func TestTakeOutsideGrading(t *testing.T) {
	if os.Getenv("VERDICTKEY_CHILD") == "1" {
		t.Skip("runs in the parent only")
	}
	if Take() != nil {
		t.Fatal("Take() returned a secret outside a graded run")
	}
	if d, _, _ := syscall.RawSyscall(syscall.SYS_PRCTL, prGetDumpable, 0, 0); d != 1 {
		t.Errorf("dumpable = %d, want 1 outside grading", d)
	}
}
