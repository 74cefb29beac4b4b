package harness

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
)

// replicaEnv carries a Replica's orders from the parent test to the copy
// of the test binary it starts.
const replicaEnv = "DRILL_HARNESS_REPLICA"

type replicaOrders struct {
	Test      string            `json:"test"`
	Index     int               `json:"index"`
	Engine    string            `json:"engine"`
	DSN       string            `json:"dsn"`
	DBName    string            `json:"dbname"`
	ReadDelay time.Duration     `json:"read_delay"`
	Args      map[string]string `json:"args"`
	Out       string            `json:"out"`
}

// Replicas runs the test named test in n other processes at once, each a
// fresh copy of this test binary reaching the same database as db, and
// returns what each reported (Replica.Report), in process order. It is how
// a test runs "two instances of the service": state a fix keeps in process
// memory (a package-level mutex, an in-memory map of requests in flight)
// is not shared between them, exactly as between production replicas.
// The replicas start together: each waits for the others before running.
func Replicas(t testing.TB, db *DB, n int, test string, args map[string]string) [][]string {
	t.Helper()
	self, err := os.Executable()
	if err != nil {
		t.Fatalf("harness: cannot find the test binary: %v", err)
	}
	dir := t.TempDir()
	db.hooks.mu.Lock()
	delay := db.hooks.readDelay
	db.hooks.mu.Unlock()
	type proc struct {
		cmd   *exec.Cmd
		start io.WriteCloser
		out   strings.Builder
		file  string
	}
	procs := make([]*proc, n)
	for i := range procs {
		p := &proc{file: filepath.Join(dir, fmt.Sprintf("replica-%d.json", i))}
		orders, _ := json.Marshal(replicaOrders{Test: test, Index: i, Engine: db.Engine, DSN: db.dsn, DBName: db.dbname,
			ReadDelay: delay, Args: args, Out: p.file})
		p.cmd = exec.Command(self, "-test.run=^"+test+"$", "-test.count=1", "-test.timeout=2m")
		p.cmd.Env = append(os.Environ(), replicaEnv+"="+string(orders))
		p.cmd.Stdout, p.cmd.Stderr = &p.out, &p.out
		if p.start, err = p.cmd.StdinPipe(); err != nil {
			t.Fatalf("harness: %v", err)
		}
		if err := p.cmd.Start(); err != nil {
			t.Fatalf("harness: starting replica %d: %v", i, err)
		}
		procs[i] = p
	}
	// Each replica opens its pool and says so by creating its ready file,
	// then blocks reading stdin: closing the pipes once all are ready
	// releases them together, so their requests overlap however long each
	// process took to start.
	deadline := time.Now().Add(time.Minute)
	for _, p := range procs {
		for {
			if _, err := os.Stat(p.file + ".ready"); err == nil {
				break
			}
			if time.Now().After(deadline) {
				t.Fatalf("harness: a replica of %s did not get ready within a minute:\n%s", test, tail(p.out.String(), 30))
			}
			time.Sleep(5 * time.Millisecond)
		}
	}
	for _, p := range procs {
		p.start.Close()
	}
	var wg sync.WaitGroup
	errs := make([]error, n)
	for i, p := range procs {
		wg.Go(func() {
			errs[i] = p.cmd.Wait()
		})
	}
	wg.Wait()
	results := make([][]string, n)
	for i, p := range procs {
		raw, readErr := os.ReadFile(p.file)
		if errs[i] != nil || readErr != nil {
			t.Fatalf("replica %d of %d (%s in another process) failed: %v\n%s", i+1, n, test, firstErr(errs[i], readErr), tail(p.out.String(), 30))
		}
		if err := json.Unmarshal(raw, &results[i]); err != nil {
			t.Fatalf("harness: replica %d report: %v", i, err)
		}
	}
	return results
}

// Replica is the running copy's side of Replicas.
type Replica struct {
	orders replicaOrders
	db     *DB
	mu     sync.Mutex
	report []string
}

// AsReplica returns the orders of this process when Replicas started it
// to run t, and nil otherwise: the test then returns at once (it passes,
// having nothing to do on its own).
func AsReplica(t testing.TB) *Replica {
	raw := os.Getenv(replicaEnv)
	if raw == "" {
		return nil
	}
	r := &Replica{}
	if err := json.Unmarshal([]byte(raw), &r.orders); err != nil || r.orders.Test != t.Name() {
		return nil
	}
	t.Cleanup(r.flush(t))
	r.db = r.open(t)
	if err := r.db.Ping(); err != nil {
		t.Fatalf("harness: replica database: %v", err)
	}
	if err := os.WriteFile(r.orders.Out+".ready", nil, 0o644); err != nil {
		t.Fatalf("harness: %v", err)
	}
	io.Copy(io.Discard, os.Stdin) // wait for the start signal: stdin closes
	return r
}

// Index is this replica's number, from 0.
func (r *Replica) Index() int { return r.orders.Index }

// Arg is one of the args the parent passed.
func (r *Replica) Arg(name string) string { return r.orders.Args[name] }

// DB is a pool on the parent test's database, with its read delay,
// opened before the replicas were released.
func (r *Replica) DB(t testing.TB) *DB { return r.db }

func (r *Replica) open(t testing.TB) *DB {
	t.Helper()
	h := &hooks{readDelay: r.orders.ReadDelay}
	if r.orders.Engine == "postgres" {
		cfg, err := pgx.ParseConfig(r.orders.DSN)
		if err != nil {
			t.Fatalf("harness: replica database: %v", err)
		}
		cfg.Database = r.orders.DBName
		return attachPostgres(t, h, cfg)
	}
	return attachSQLite(t, h, r.orders.DSN, "")
}

// Report records one outcome line for the parent (safe for concurrent use).
func (r *Replica) Report(line string) {
	r.mu.Lock()
	r.report = append(r.report, line)
	r.mu.Unlock()
}

func (r *Replica) flush(t testing.TB) func() {
	return func() {
		r.mu.Lock()
		defer r.mu.Unlock()
		raw, _ := json.Marshal(r.report)
		if err := os.WriteFile(r.orders.Out, raw, 0o644); err != nil {
			t.Errorf("harness: writing the replica report: %v", err)
		}
	}
}

func firstErr(errs ...error) error {
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

func tail(s string, n int) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, "\n")
}
