// Package pgserver runs a private, throwaway PostgreSQL server for the
// exercises whose lesson is isolation or row locking.
//
// The server is built from the local install (initdb and pg_ctl), listens
// only on a Unix socket in a fresh temporary folder, runs with fsync off,
// and is stopped and removed by Stop. Creating a cluster costs about a
// second, so initdb runs once into a template folder in drill's cache and
// each server starts from a copy of it (a few tenths of a second).
//
// PostgreSQL refuses to run as root. When drill runs as root (CI, a
// container), the server runs as an unprivileged account (postgres if it
// exists, else nobody): its folders are handed to that account and both
// initdb and pg_ctl run with its credentials. The test binary, still root,
// reaches the socket regardless.
package pgserver

import (
	"github.com/drillhq/drill/internal/proc"

	"bytes"
	"context"
	"errors"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

// User is the superuser every private cluster is created with.
const User = "drill"

// Server is one running private server.
type Server struct {
	// URL reaches the server's maintenance database "postgres" over its
	// Unix socket; the harness creates one database per test from it.
	URL      string
	dir      string // holds data/, sock/ and owner.pid; removed by Stop
	bin      string
	template string
	runAs    *account
	stopped  bool
}

// NotFoundError means no PostgreSQL install was found; Remedy says how to
// get one.
type NotFoundError struct{ Looked []string }

func (e *NotFoundError) Error() string {
	return "no PostgreSQL server install found (looked for initdb and pg_ctl in " + strings.Join(e.Looked, ", ") + ")"
}

// Remedy is what to do about a missing PostgreSQL.
const Remedy = "install the PostgreSQL server (Debian/Ubuntu: apt install postgresql; macOS: brew install postgresql@16) " +
	"or point DRILL_POSTGRES_URL at a server you run (e.g. postgres://user:pass@localhost:5432/postgres, in Docker: docker run -e POSTGRES_PASSWORD=pw -p 5432:5432 postgres); run drill doctor"

// Options says where things are.
type Options struct {
	Cache string // drill's cache folder: the template cluster lives there
	// Bin, when set, is the folder holding initdb and pg_ctl, used instead
	// of searching PATH and the usual install folders.
	Bin  string
	Note func(string) // told once, when the template is built (slow)
}

// Start starts a private server and waits until it accepts connections.
func Start(ctx context.Context, o Options) (*Server, error) {
	s, err := Prepare(ctx, o)
	if err != nil {
		return nil, err
	}
	if err := s.Launch(ctx); err != nil {
		s.Stop()
		return nil, err
	}
	return s, nil
}

// Prepare does everything but starting the server: it finds the install,
// builds the template when missing, and fixes the server's folder, so URL
// is known before Launch. drill check launches the server while the test
// binary compiles, and the harness waits for it to accept connections.
func Prepare(ctx context.Context, o Options) (*Server, error) {
	bin, err := FindBin(o.Bin)
	if err != nil {
		return nil, err
	}
	runAs, err := serverAccount()
	if err != nil {
		return nil, err
	}
	sweepStale(bin)
	template, err := ensureTemplate(ctx, bin, o.Cache, runAs, o.Note)
	if err != nil {
		return nil, err
	}
	dir, err := os.MkdirTemp(runAs.tempBase(), "drill-pg-")
	if err != nil {
		return nil, err
	}
	s := &Server{dir: dir, bin: bin, runAs: runAs, template: template}
	s.URL = (&url.URL{Scheme: "postgres", User: url.User(User), Path: "/postgres",
		RawQuery: "host=" + url.QueryEscape(s.sock()) + "&sslmode=disable"}).String()
	return s, nil
}

func (s *Server) sock() string { return filepath.Join(s.dir, "sock") }

// Launch starts the prepared server and waits until it accepts connections.
func (s *Server) Launch(ctx context.Context) error { return s.start(ctx, s.template) }

func (s *Server) start(ctx context.Context, template string) error {
	// owner.pid lets a later drill remove this server if this process dies
	// without running Stop (SIGKILL, a power cut).
	if err := os.WriteFile(filepath.Join(s.dir, "owner.pid"), []byte(strconv.Itoa(os.Getpid())), 0o644); err != nil {
		return err
	}
	data, sock := filepath.Join(s.dir, "data"), s.sock()
	if err := copyTree(template, data); err != nil {
		return fmt.Errorf("copying the PostgreSQL template cluster: %w", err)
	}
	if err := os.Mkdir(sock, 0o700); err != nil {
		return err
	}
	if err := s.runAs.own(s.dir); err != nil {
		return err
	}
	opts := strings.Join([]string{
		"-k " + sock,
		"-c listen_addresses=''", // no TCP listener: nothing outside this machine's user can reach it
		"-c fsync=off", "-c synchronous_commit=off", "-c full_page_writes=off",
		"-c max_connections=300", // concurrent-checkout tests open dozens of connections each
		"-c shared_buffers=16MB",
		// A deadlock is a lesson here, not a rarity: report it in a tenth of
		// the default second, so a deadlocking fix fails fast.
		"-c deadlock_timeout=100ms",
	}, " ")
	out, err := s.runAs.run(ctx, filepath.Join(s.bin, "pg_ctl"), "-D", data, "-l", filepath.Join(s.dir, "server.log"), "-w", "-t", "30", "-o", opts, "start")
	if err != nil {
		log, _ := os.ReadFile(filepath.Join(s.dir, "server.log"))
		return fmt.Errorf("starting PostgreSQL: %v\n%s%s", err, out, lastLines(string(log), 10))
	}
	return nil
}

// Stop shuts the server down at once and removes every file it had. It is
// safe to call more than once and on a server that never started.
func (s *Server) Stop() error {
	if s == nil || s.stopped {
		return nil
	}
	s.stopped = true
	var err error
	if _, statErr := os.Stat(filepath.Join(s.dir, "data", "postmaster.pid")); statErr == nil {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		// immediate: the databases are throwaway, nothing needs flushing.
		if out, e := s.runAs.run(ctx, filepath.Join(s.bin, "pg_ctl"), "-D", filepath.Join(s.dir, "data"), "-m", "immediate", "-w", "stop"); e != nil {
			err = fmt.Errorf("stopping PostgreSQL: %v: %s", e, out)
		}
	}
	if e := os.RemoveAll(s.dir); e != nil && err == nil {
		err = e
	}
	return err
}

// ensureTemplate returns the cached template cluster, creating it with
// initdb when missing. It is built in a temporary folder and renamed into
// place, so a crash or a second drill never sees half a cluster.
func ensureTemplate(ctx context.Context, bin, cache string, runAs *account, note func(string)) (string, error) {
	version, err := serverVersion(ctx, bin)
	if err != nil {
		return "", err
	}
	template := filepath.Join(cache, "postgres", "template-"+version+"-wal1")
	if _, err := os.Stat(filepath.Join(template, "PG_VERSION")); err == nil {
		return template, nil
	}
	if note != nil {
		note("Preparing a private PostgreSQL " + version + " cluster for drill (once, about a second) ...")
	}
	if err := os.MkdirAll(filepath.Dir(template), 0o755); err != nil {
		return "", err
	}
	// initdb runs as the server account, which may not reach drill's cache
	// (root's home is private), so it writes to a temporary folder first.
	work, err := os.MkdirTemp(runAs.tempBase(), "drill-initdb-")
	if err != nil {
		return "", err
	}
	defer os.RemoveAll(work)
	if err := runAs.own(work); err != nil {
		return "", err
	}
	data := filepath.Join(work, "data")
	if out, err := runAs.run(ctx, filepath.Join(bin, "initdb"), "-D", data, "-A", "trust", "-U", User,
		"--no-sync", "--no-instructions", "-E", "UTF8", "--locale=C",
		// 1 MB WAL segments instead of 16: the copy each server starts from
		// shrinks from about 40 MB to 25 MB.
		"--wal-segsize=1"); err != nil {
		return "", fmt.Errorf("initdb failed: %v\n%s", err, out)
	}
	staged, err := os.MkdirTemp(filepath.Dir(template), ".template-")
	if err != nil {
		return "", err
	}
	defer os.RemoveAll(staged)
	if err := copyTree(data, filepath.Join(staged, "c")); err != nil {
		return "", err
	}
	if err := os.Rename(filepath.Join(staged, "c"), template); err != nil {
		if _, statErr := os.Stat(filepath.Join(template, "PG_VERSION")); statErr == nil {
			return template, nil // another drill won the race; its copy is as good
		}
		return "", err
	}
	return template, nil
}

func serverVersion(ctx context.Context, bin string) (string, error) {
	out, err := exec.CommandContext(ctx, filepath.Join(bin, "pg_ctl"), "--version").Output()
	if err != nil {
		return "", fmt.Errorf("pg_ctl --version: %w", err)
	}
	// "pg_ctl (PostgreSQL) 15.18 (Debian ...)": the major version names the
	// on-disk format, which is what the template must match.
	fields := strings.Fields(string(out))
	if len(fields) < 3 {
		return "", fmt.Errorf("pg_ctl --version printed %q", out)
	}
	major, _, _ := strings.Cut(fields[2], ".")
	return major, nil
}

// sweepStale stops and removes servers whose drill process is gone.
func sweepStale(bin string) {
	runAs, _ := serverAccount()
	dirs, _ := filepath.Glob(filepath.Join(runAs.tempBase(), "drill-pg-*"))
	for _, dir := range dirs {
		raw, err := os.ReadFile(filepath.Join(dir, "owner.pid"))
		if err != nil {
			continue // not started by this code, or still being set up
		}
		pid, err := strconv.Atoi(strings.TrimSpace(string(raw)))
		if err != nil || proc.Alive(pid) {
			continue
		}
		s := &Server{dir: dir, bin: bin, runAs: runAs}
		s.Stop()
	}
}

func lastLines(s string, n int) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, "\n")
}

// runCombined runs cmd and returns its combined output.
func runCombined(cmd *exec.Cmd) ([]byte, error) {
	var buf bytes.Buffer
	cmd.Stdout, cmd.Stderr = &buf, &buf
	err := cmd.Run()
	if errors.Is(err, exec.ErrNotFound) {
		return nil, err
	}
	return buf.Bytes(), err
}
