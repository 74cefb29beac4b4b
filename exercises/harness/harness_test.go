package harness

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"sync/atomic"
	"testing"
	"time"
)

const schema = `CREATE TABLE users(id INTEGER PRIMARY KEY, name TEXT NOT NULL);
INSERT INTO users(id, name) VALUES (1, 'ada'), (2, 'linus'), (3, 'grace');`

func TestQueriesAreCounted(t *testing.T) {
	db := OpenDB(t, schema)
	for id := 1; id <= 3; id++ {
		var name string
		if err := db.QueryRow(`SELECT name FROM users WHERE id = ?`, id).Scan(&name); err != nil {
			t.Fatal(err)
		}
	}
	stmt, err := db.Prepare(`SELECT name FROM users WHERE id = ?`)
	if err != nil {
		t.Fatal(err)
	}
	defer stmt.Close()
	var name string
	if err := stmt.QueryRow(1).Scan(&name); err != nil {
		t.Fatal(err)
	}
	if got := db.QueryCount(); got != 4 {
		t.Fatalf("QueryCount = %d, want 4: %q", got, db.Queries())
	}
	db.ResetQueries()
	if got := db.QueryCount(); got != 0 {
		t.Fatalf("after reset QueryCount = %d, want 0", got)
	}
}

func TestInjectedCommitFailureRollsBack(t *testing.T) {
	db := OpenDB(t, schema)
	db.FailCommits(true)
	tx, err := db.Begin()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := tx.Exec(`DELETE FROM users`); err != nil {
		t.Fatal(err)
	}
	if err := tx.Commit(); !errors.Is(err, ErrInjectedCommit) {
		t.Fatalf("Commit = %v, want ErrInjectedCommit", err)
	}
	if n := db.Int(t, `SELECT COUNT(*) FROM users`); n != 3 {
		t.Fatalf("users = %d after a failed commit, want 3", n)
	}
}

func TestDeferredForeignKeyFailsCommit(t *testing.T) {
	db := OpenDB(t, `CREATE TABLE parent(id INTEGER PRIMARY KEY);
CREATE TABLE child(id INTEGER PRIMARY KEY, parent_id INTEGER REFERENCES parent(id) DEFERRABLE INITIALLY DEFERRED);`)
	tx, err := db.Begin()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := tx.Exec(`INSERT INTO child(parent_id) VALUES (42)`); err != nil {
		t.Fatalf("insert should pass until commit: %v", err)
	}
	if err := tx.Commit(); err == nil {
		t.Fatal("Commit succeeded with an orphan row; foreign keys are not enforced")
	}
}

func TestLeakedRowsAreSeen(t *testing.T) {
	db := OpenDB(t, schema)
	rows, err := db.Query(`SELECT id FROM users`)
	if err != nil {
		t.Fatal(err)
	}
	if db.Stats().InUse != 1 {
		t.Fatalf("InUse = %d with open rows, want 1", db.Stats().InUse)
	}
	rows.Close()
	db.AssertNoLeakedConns(t)
}

func TestPoolOfOneHangsOnLeak(t *testing.T) {
	db := OpenDB(t, schema, MaxOpenConns(1))
	rows, err := db.Query(`SELECT id FROM users`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	if _, err := db.ExecContext(ctx, `DELETE FROM users`); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("second statement with a leaked conn in a pool of 1: %v, want deadline exceeded", err)
	}
}

func TestReadDelayApplies(t *testing.T) {
	db := OpenDB(t, schema)
	db.SetReadDelay(30 * time.Millisecond)
	start := time.Now()
	db.Int(t, `SELECT COUNT(*) FROM users`)
	if time.Since(start) < 30*time.Millisecond {
		t.Fatal("SELECT returned before the read delay")
	}
}

func TestServerCountsConnections(t *testing.T) {
	srv := NewServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, "hello")
	}))
	client := &http.Client{}
	defer client.CloseIdleConnections()
	for range 5 {
		resp, err := client.Get(srv.URL)
		if err != nil {
			t.Fatal(err)
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
	}
	if n := srv.NewConns(); n != 1 {
		t.Fatalf("well-behaved client opened %d connections, want 1", n)
	}
}

func TestGoroutineLeakIsFound(t *testing.T) {
	g := TrackGoroutines()
	stop := make(chan struct{})
	go func() { <-stop }()
	if err := findLeak(g); err == nil {
		t.Fatal("a blocked goroutine was not reported")
	}
	close(stop)
	g.Check(t)
}

func TestConcurrentlyStartsAll(t *testing.T) {
	var n atomic.Int64
	Concurrently(32, func(int) { n.Add(1) })
	if n.Load() != 32 {
		t.Fatalf("ran %d, want 32", n.Load())
	}
}

// Replicas run in other processes against the same database, and a
// process-local lock does not serialise them.
func TestReplicasShareTheDatabaseNotTheProcess(t *testing.T) {
	db := OpenDB(t, `CREATE TABLE hits(replica INTEGER, pid INTEGER)`)
	got := Replicas(t, db, 2, "TestReplicaHelper", map[string]string{"greeting": "hi"})
	if len(got) != 2 || len(got[0]) != 1 || len(got[1]) != 1 {
		t.Fatalf("reports = %q, want one line from each of 2 replicas", got)
	}
	if got[0][0] == got[1][0] {
		t.Fatalf("both replicas report %q: they ran in one process", got[0][0])
	}
	if n := db.Int(t, `SELECT COUNT(DISTINCT pid) FROM hits`); n != 2 {
		t.Fatalf("rows from %d processes, want 2", n)
	}
}

func TestReplicaHelper(t *testing.T) {
	r := AsReplica(t)
	if r == nil {
		return
	}
	db := r.DB(t)
	db.MustExec(t, `INSERT INTO hits(replica, pid) VALUES (?, ?)`, r.Index(), os.Getpid())
	r.Report(fmt.Sprintf("%s from %d", r.Arg("greeting"), os.Getpid()))
}
