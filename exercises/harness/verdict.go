package harness

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"os"
	"strconv"
	"sync"
	"syscall"
	"testing"
)

// The verdict channel. drill check runs the test binary itself with two
// inherited descriptors: fd 3, the write end of a pipe drill reads each
// test's result from, and fd 4, a pipe holding a per-check secret. This
// package's init runs before any code of the exercise package (a package
// is initialized after everything it imports, and the exercise's tests
// import this one), reads the secret, closes fd 4 and marks fd 3
// close-on-exec. Every result is sent with an HMAC under that secret, so
// what the code under test prints (--- PASS, fake JSON events) or writes to
// fd 3 itself cannot produce a pass: only this package knows the key.
//
// VerdictEnv names the variable drill sets in graded runs. Outside them
// (a plain go test) the channel is off and Track and Main do nothing extra.
const VerdictEnv = "DRILL_VERDICT"

const (
	verdictFD = 3
	secretFD  = 4
)

// verdict is the channel's state; it is fixed by init and never replaced.
type verdict struct {
	mu     sync.Mutex
	out    *os.File
	secret []byte
}

var channel = openVerdict()

func openVerdict() *verdict {
	if os.Getenv(VerdictEnv) != "1" {
		return nil
	}
	os.Unsetenv(VerdictEnv)
	in := os.NewFile(secretFD, "drill-secret")
	out := os.NewFile(verdictFD, "drill-verdict")
	if in == nil || out == nil {
		return nil
	}
	secret, err := io.ReadAll(io.LimitReader(in, 64))
	in.Close()
	if err != nil || len(secret) < 32 {
		return nil
	}
	syscall.CloseOnExec(verdictFD)
	return &verdict{out: out, secret: secret}
}

// Sign is the MAC drill checks on one result line's fields.
func Sign(secret []byte, kind, name, value string) string {
	m := hmac.New(sha256.New, secret)
	fmt.Fprintf(m, "%s\x00%s\x00%s", kind, name, value)
	return hex.EncodeToString(m.Sum(nil))
}

func (v *verdict) send(kind, name, value string) {
	if v == nil {
		return
	}
	line := fmt.Sprintf("%s %s %s %s\n", kind, name, value, Sign(v.secret, kind, name, value))
	v.mu.Lock()
	defer v.mu.Unlock()
	// One write of less than PIPE_BUF bytes is atomic: a line is never
	// interleaved with anything else written to the pipe.
	v.out.Write([]byte(line))
}

// Track reports t's result to drill when t ends. drill check inserts a
// call as the first statement of every top-level test it grades, so the
// cleanup it registers runs last, after the test's own cleanups (leak
// checks among them) have had their say.
func Track(t *testing.T) {
	if channel == nil {
		return
	}
	t.Cleanup(func() {
		status := "pass"
		switch {
		case t.Failed():
			status = "fail"
		case t.Skipped():
			status = "skip"
		}
		channel.send("test", t.Name(), status)
	})
}

// Main runs the tests and reports m.Run's exit code, which also counts
// failures the testing package decides after a test's cleanups ran (a data
// race found during the test). drill check adds a TestMain calling it.
func Main(m *testing.M) {
	code := m.Run()
	channel.send("exit", "-", strconv.Itoa(code))
	os.Exit(code)
}
