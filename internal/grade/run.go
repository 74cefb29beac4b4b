package grade

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"
)

// ReapCommand is the hidden first argument that makes drill's binary run as
// the test binary's reaper (cmd/drill dispatches it to Reap).
const ReapCommand = "__drill-reap"

// maxOutput caps what a check keeps of any one command's output: a test
// that prints hundreds of megabytes must not grow drill with it.
const maxOutput = 16 << 20

// cappedBuffer keeps the first max bytes written and counts the rest. The
// buffer is a field, not embedded: an embedded bytes.Buffer's ReadFrom
// would let io.Copy (os/exec's copy of a child's output) bypass the cap.
type cappedBuffer struct {
	buf     bytes.Buffer
	max     int
	dropped int64
}

func newCapped() *cappedBuffer { return &cappedBuffer{max: maxOutput} }

func (b *cappedBuffer) Write(p []byte) (int, error) {
	room := b.max - b.buf.Len()
	if room < len(p) {
		if room > 0 {
			b.buf.Write(p[:room])
		}
		b.dropped += int64(len(p) - max(room, 0))
		return len(p), nil
	}
	return b.buf.Write(p)
}

func (b *cappedBuffer) Bytes() []byte { return b.buf.Bytes() }

// note says what was cut, for the end of the kept output.
func (b *cappedBuffer) note() string {
	if b.dropped == 0 {
		return ""
	}
	return fmt.Sprintf("\n[drill: output cut after %d MiB; %d more bytes were dropped]\n", b.max>>20, b.dropped)
}

// testRunResult is one run of the test binary.
type testRunResult struct {
	output  []byte   // its output, test2json framing, capped
	reports *reports // what the verdict channel said
	killed  bool     // the outer time limit ended it
	exit    int      // the test binary's exit status, as the reaper saw it
	cut     string   // what was dropped from output, if anything
}

// runTestBinary runs bin in dir under drill's reaper (self), with the
// verdict channel's descriptors, and returns its output and reports. limit
// bounds the run as a whole; cancelling ctx stops it, and in both cases
// the reaper kills every process the tests started.
func runTestBinary(ctx context.Context, self, bin, dir string, env []string, timeout, limit time.Duration) (*testRunResult, error) {
	ch, err := openChannel()
	if err != nil {
		return nil, err
	}
	ctx, cancel := context.WithTimeout(ctx, limit)
	defer cancel()
	cmd := exec.CommandContext(ctx, self, ReapCommand, bin,
		"-test.v=test2json", "-test.paniconexit0", "-test.count=1", "-test.timeout="+timeout.String())
	cmd.Dir, cmd.Env = dir, env
	out := newCapped()
	cmd.Stdout, cmd.Stderr = out, out
	cmd.ExtraFiles = ch.child
	stopReaperOnCancel(cmd)
	// SIGKILL only if the reaper does not exit soon after SIGTERM.
	cmd.WaitDelay = 15 * time.Second
	if err := cmd.Start(); err != nil {
		ch.started()
		ch.wait()
		return nil, fmt.Errorf("cannot start the test binary: %w", err)
	}
	ch.started()
	err = cmd.Wait()
	res := &testRunResult{reports: ch.wait(), killed: ctx.Err() != nil, exit: cmd.ProcessState.ExitCode()}
	var exitErr *exec.ExitError
	if err != nil && !errors.As(err, &exitErr) && !res.killed {
		return nil, fmt.Errorf("the test binary did not run: %w", err)
	}
	res.output, res.cut = out.Bytes(), strings.TrimSpace(out.note())
	return res, nil
}

// toJSON converts the test binary's framed output (-test.v=test2json) into
// test2json's event stream, as go test -json would print it.
func toJSON(ctx context.Context, goCmd string, env []string, pkg string, framed []byte) ([]byte, error) {
	cmd := exec.CommandContext(ctx, goCmd, "tool", "test2json", "-p", pkg)
	cmd.Env = env
	cmd.Stdin = bytes.NewReader(framed)
	out := newCapped()
	out.max = 2 * maxOutput // the JSON events are larger than the text
	var stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = out, &stderr
	if err := cmd.Run(); err != nil {
		return nil, fmt.Errorf("go tool test2json: %v: %s", err, firstLine(stderr.String()))
	}
	return out.Bytes(), nil
}

// buildTestBinary compiles the graded package's test binary into tmp.
// It returns the binary's path, or the build output when it did not
// compile (as go test -json's build events would carry it).
func buildTestBinary(ctx context.Context, goCmd string, env *goEnv, root, pkg string) (bin string, buildOut []byte, err error) {
	bin = filepath.Join(env.tmp, "graded.test")
	// -s: no symbol table for code under test to find the harness's
	// variables by (tracebacks and race reports use the pclntab, kept).
	stdout, stderr, err := runGo(ctx, root, goCmd, env.base, 10*time.Minute,
		"test", "-c", "-race", "-vet=off", "-ldflags=-s", "-o", bin, pkg)
	if err != nil {
		return "", nil, err
	}
	if _, statErr := os.Stat(bin); statErr != nil {
		out := strings.TrimSpace(string(stdout) + string(stderr))
		if out == "" {
			out = "go test -c produced no test binary"
		}
		return "", []byte(out), nil
	}
	return bin, nil, nil
}
