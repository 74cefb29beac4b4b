package pgserver

import (
	"context"
	"database/sql"
	"errors"
	"os"
	"path/filepath"
	"testing"

	_ "github.com/jackc/pgx/v5/stdlib"
)

// needServer skips where no PostgreSQL is installed, unless the run says
// one must be (CI installs it, so there a skip would hide a broken server).
func needServer(t *testing.T) {
	t.Helper()
	if _, err := FindBin(""); err != nil {
		var nf *NotFoundError
		if errors.As(err, &nf) && os.Getenv("DRILL_REQUIRE_POSTGRES") == "" {
			t.Skip(err)
		}
		t.Fatal(err)
	}
}

func TestServerStartsServesAndLeavesNothing(t *testing.T) {
	needServer(t)
	cache := t.TempDir()
	ctx := context.Background()
	notes := 0
	s, err := Start(ctx, Options{Cache: cache, Note: func(string) { notes++ }})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Stop()
	db, err := sql.Open("pgx", s.URL)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var level string
	if err := db.QueryRow(`SHOW transaction_isolation`).Scan(&level); err != nil {
		t.Fatalf("querying the private server: %v", err)
	}
	if level != "read committed" {
		t.Errorf("default isolation = %q, want read committed (as production runs)", level)
	}
	var listen string
	if err := db.QueryRow(`SHOW listen_addresses`).Scan(&listen); err != nil || listen != "" {
		t.Errorf("listen_addresses = %q (%v), want '' (no TCP listener)", listen, err)
	}
	if _, err := db.Exec(`CREATE DATABASE scratch`); err != nil {
		t.Fatalf("CREATE DATABASE: %v", err)
	}
	db.Close()

	// A second server reuses the template and runs beside the first.
	s2, err := Start(ctx, Options{Cache: cache, Note: func(string) { notes++ }})
	if err != nil {
		t.Fatal(err)
	}
	if notes != 1 {
		t.Errorf("the template was announced %d times, want once", notes)
	}
	if s2.URL == s.URL {
		t.Errorf("two servers share the URL %s", s.URL)
	}
	for _, srv := range []*Server{s, s2} {
		if err := srv.Stop(); err != nil {
			t.Errorf("Stop: %v", err)
		}
		if _, err := os.Stat(srv.dir); !os.IsNotExist(err) {
			t.Errorf("%s still exists after Stop", srv.dir)
		}
	}
	if err := s.Stop(); err != nil {
		t.Errorf("a second Stop: %v", err)
	}
}

// A server whose drill died without stopping it is removed by the next
// drill that starts one.
func TestStaleServerIsSwept(t *testing.T) {
	needServer(t)
	cache := t.TempDir()
	s, err := Start(context.Background(), Options{Cache: cache})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Stop()
	// Pretend the owner died: a pid that cannot be running.
	if err := os.WriteFile(filepath.Join(s.dir, "owner.pid"), []byte("2147483646"), 0o644); err != nil {
		t.Fatal(err)
	}
	s2, err := Start(context.Background(), Options{Cache: cache})
	if err != nil {
		t.Fatal(err)
	}
	defer s2.Stop()
	if _, err := os.Stat(s.dir); !os.IsNotExist(err) {
		t.Fatalf("the orphaned server's folder %s survived the next start", s.dir)
	}
}
