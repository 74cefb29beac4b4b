package main

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/rogpeppe/go-internal/testscript"

	"github.com/drillhq/drill/internal/scripttest"
)

// The CLI is tested as a learner uses it: testscript files under
// testdata/script run the real drill binary (this test binary, re-executed
// as "drill") against the small fixture pack in testdata/pack, with real go
// builds and real go test -race runs, offline.
func TestMain(m *testing.M) {
	testscript.Main(m, map[string]func(){"drill": main})
}

func TestScripts(t *testing.T) {
	pack, err := filepath.Abs("../../testdata/pack")
	if err != nil {
		t.Fatal(err)
	}
	setup := scripttest.Setup(t, "DRILL_EXERCISES", pack, "NO_COLOR", "1")
	testscript.Run(t, testscript.Params{
		Dir:                 "../../testdata/script",
		RequireExplicitExec: true,
		Setup: func(env *testscript.Env) error {
			if err := setup(env); err != nil {
				return err
			}
			env.Values[bgKey{}] = &bgProcs{vars: env.Vars, procs: map[string]*bgProc{}}
			return nil
		},
		Condition: scripttest.Condition,
		Cmds:      map[string]func(*testscript.TestScript, bool, []string){"bgdrill": cmdBgdrill, "waitlog": cmdWaitlog, "stopdrill": cmdStopdrill},
	})
}

// Commands for a long-running drill (drill check --watch), whose output a
// script must read while it runs, which exec's background mode (&name&)
// keeps until the end:
//
//	bgdrill NAME LOGFILE ARGS...    start drill ARGS in the background, stdout and stderr to LOGFILE
//	waitlog LOGFILE REGEXP [TIMEOUT] wait until LOGFILE matches REGEXP (default timeout 5m)
//	stopdrill NAME                  send SIGINT to NAME and wait for it: exit 0 expected (! stopdrill: non-zero)

type bgKey struct{}

// bgProcs are one script's background drills, and the environment the
// script started with (its variables' current values are passed on).
type bgProcs struct {
	vars  []string
	mu    sync.Mutex
	procs map[string]*bgProc
}

type bgProc struct {
	cmd  *exec.Cmd
	log  string
	done chan struct{}
	err  error // of Wait, once done is closed
}

func cmdBgdrill(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) < 2 {
		ts.Fatalf("usage: bgdrill NAME LOGFILE ARGS...")
	}
	bg := ts.Value(bgKey{}).(*bgProcs)
	name, logPath := args[0], ts.MkAbs(args[1])
	drill := findOnPath(ts.Getenv("PATH"), "drill")
	if drill == "" {
		ts.Fatalf("no drill on the script's PATH")
	}
	log, err := os.Create(logPath)
	ts.Check(err)
	cmd := exec.Command(drill, args[2:]...)
	cmd.Dir = ts.MkAbs(".")
	for _, kv := range bg.vars {
		k, _, _ := strings.Cut(kv, "=")
		cmd.Env = append(cmd.Env, k+"="+ts.Getenv(k))
	}
	cmd.Env = append(cmd.Env, "PWD="+cmd.Dir)
	cmd.Stdout, cmd.Stderr = log, log
	ts.Check(cmd.Start())
	log.Close() // the child has its own descriptor
	p := &bgProc{cmd: cmd, log: logPath, done: make(chan struct{})}
	go func() { p.err = cmd.Wait(); close(p.done) }()
	bg.mu.Lock()
	if bg.procs[name] != nil {
		bg.mu.Unlock()
		ts.Fatalf("bgdrill %s is already running", name)
	}
	bg.procs[name] = p
	bg.mu.Unlock()
	// A script that fails midway leaves nothing running.
	ts.Defer(func() {
		_ = cmd.Process.Kill()
		<-p.done
	})
}

func cmdWaitlog(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) < 2 || len(args) > 3 {
		ts.Fatalf("usage: waitlog LOGFILE REGEXP [TIMEOUT]")
	}
	re, err := regexp.Compile(args[1])
	ts.Check(err)
	timeout := 5 * time.Minute
	if len(args) == 3 {
		timeout, err = time.ParseDuration(args[2])
		ts.Check(err)
	}
	path := ts.MkAbs(args[0])
	deadline := time.Now().Add(timeout)
	for {
		data, _ := os.ReadFile(path)
		if re.Match(data) {
			return
		}
		if time.Now().After(deadline) {
			ts.Fatalf("%s did not match %q within %v; it holds:\n%s", args[0], args[1], timeout, data)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

func cmdStopdrill(ts *testscript.TestScript, neg bool, args []string) {
	if len(args) != 1 {
		ts.Fatalf("usage: stopdrill NAME")
	}
	bg := ts.Value(bgKey{}).(*bgProcs)
	bg.mu.Lock()
	p := bg.procs[args[0]]
	delete(bg.procs, args[0])
	bg.mu.Unlock()
	if p == nil {
		ts.Fatalf("no bgdrill %s", args[0])
	}
	ts.Check(p.cmd.Process.Signal(os.Interrupt))
	select {
	case <-p.done:
	case <-time.After(30 * time.Second):
		data, _ := os.ReadFile(p.log)
		ts.Fatalf("drill %s still running 30s after SIGINT; its log:\n%s", args[0], data)
	}
	var exit *exec.ExitError
	switch {
	case p.err == nil && neg:
		ts.Fatalf("drill %s exited 0, want a failure", args[0])
	case p.err != nil && !neg:
		data, _ := os.ReadFile(p.log)
		ts.Fatalf("drill %s: %v; its log:\n%s", args[0], p.err, data)
	case p.err != nil && !errors.As(p.err, &exit):
		ts.Fatalf("drill %s: %v", args[0], p.err)
	}
}

// findOnPath is exec.LookPath for the script's PATH, where testscript
// installed drill.
func findOnPath(path, name string) string {
	for _, dir := range filepath.SplitList(path) {
		p := filepath.Join(dir, name)
		if st, err := os.Stat(p); err == nil && st.Mode().IsRegular() && st.Mode()&0o111 != 0 {
			return p
		}
	}
	return ""
}
