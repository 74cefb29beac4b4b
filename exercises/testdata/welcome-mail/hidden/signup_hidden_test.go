package signup

import (
	"bytes"
	"context"
	"fmt"
	"log"
	"net/http"
	"os"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"drill.workspace/harness"
)

const schema = `
CREATE TABLE users (
	id INTEGER PRIMARY KEY,
	email TEXT NOT NULL UNIQUE,
	welcomed INTEGER NOT NULL DEFAULT 0
);`

// fakeMailer stands in for the provider's HTTP API: a call takes as long as
// the test keeps release open, and fails like a real HTTP request would when
// its context is cancelled first.
type fakeMailer struct {
	release chan struct{}
	once    sync.Once
	mu      sync.Mutex
	sent    []string
	failed  []string
}

func newMailer(t *testing.T) *fakeMailer {
	m := &fakeMailer{release: make(chan struct{})}
	t.Cleanup(m.open)
	return m
}

func (m *fakeMailer) open() { m.once.Do(func() { close(m.release) }) }

func (m *fakeMailer) Send(ctx context.Context, to, subject, body string) error {
	select {
	case <-m.release:
	case <-ctx.Done():
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if err := ctx.Err(); err != nil {
		m.failed = append(m.failed, fmt.Sprintf("%s: %v", to, err))
		return fmt.Errorf("mail provider: %w", err)
	}
	m.sent = append(m.sent, to)
	return nil
}

func (m *fakeMailer) result() (sent, failed []string) {
	m.mu.Lock()
	defer m.mu.Unlock()
	return slices.Clone(m.sent), slices.Clone(m.failed)
}

// logLines captures what the code under test logs (its only error
// channel in the background), so a failure can show the first error.
type logLines struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (l *logLines) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.Write(p)
}

func (l *logLines) first() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	line, _, _ := strings.Cut(strings.TrimSpace(l.buf.String()), "\n")
	return line
}

func captureLog(t *testing.T) *logLines {
	l := &logLines{}
	log.SetOutput(l)
	t.Cleanup(func() { log.SetOutput(os.Stderr) })
	return l
}

func post(url, email string) (int, error) {
	resp, err := http.Post(url+"/signup", "application/json", strings.NewReader(fmt.Sprintf(`{"email":%q}`, email)))
	if err != nil {
		return 0, err
	}
	resp.Body.Close()
	return resp.StatusCode, nil
}

// signUp posts the signups while the mail provider is held, so the client
// must get its answer before any mail can go out; then it lets the mails
// through and waits for the background work.
func signUp(t *testing.T, h *Handler, m *fakeMailer, emails ...string) {
	t.Helper()
	srv := harness.NewServer(t, h)
	t.Cleanup(m.open) // before the server's Close, which waits for handlers
	codes := make([]int, len(emails))
	errs := make([]error, len(emails))
	answered := make(chan struct{})
	go func() {
		defer close(answered)
		harness.Concurrently(len(emails), func(i int) { codes[i], errs[i] = post(srv.URL, emails[i]) })
	}()
	select {
	case <-answered:
	case <-time.After(3 * time.Second):
		t.Fatalf("POST /signup did not answer within 3s while the mail provider was slow: signup must answer 201 at once and send the mail in the background")
	}
	for i, c := range codes {
		if errs[i] != nil {
			t.Fatalf("POST /signup %s: %v", emails[i], errs[i])
		}
		if c != http.StatusCreated {
			t.Fatalf("POST /signup %s: status %d, want 201", emails[i], c)
		}
	}
	m.open()
	harness.Within(t, 3*time.Second, "Handler.Wait", h.Wait)
}

func checkWelcomed(t *testing.T, db *harness.DB, m *fakeMailer, logs *logLines, emails []string) {
	t.Helper()
	sent, failed := m.result()
	if len(failed) > 0 {
		t.Fatalf("%d of %d welcome mails were lost: the background goroutine ran on r.Context(), which net/http cancels as soon as ServeHTTP returns, so the mail call failed with %q. Give the goroutine a context detached from the request (context.WithoutCancel) with its own timeout", len(failed), len(emails), failed[0])
	}
	slices.Sort(sent)
	want := slices.Sorted(slices.Values(emails))
	if !slices.Equal(sent, want) {
		t.Fatalf("welcome mails sent to %v, want exactly one to each of %v", sent, want)
	}
	if n := db.Int(t, `SELECT COUNT(*) FROM users WHERE welcomed = 1`); n != int64(len(emails)) {
		t.Fatalf("%d users marked as welcomed after their mail went out, want %d: the UPDATE after the mail must run too (on a context that is still alive); first line logged: %q", n, len(emails), logs.first())
	}
}

func TestWelcomeMailOutlivesTheRequest(t *testing.T) {
	db := harness.OpenDB(t, schema)
	m := newMailer(t)
	logs := captureLog(t)
	h := &Handler{DB: db.DB, Mailer: m}

	signUp(t, h, m, "ada@example.com")
	checkWelcomed(t, db, m, logs, []string{"ada@example.com"})
}

func TestWelcomeMailConcurrentSignups(t *testing.T) {
	// One connection: SQLite writers queue in the pool instead of spinning
	// on the file lock, which keeps the test fast.
	db := harness.OpenDB(t, schema, harness.MaxOpenConns(1))
	m := newMailer(t)
	logs := captureLog(t)
	h := &Handler{DB: db.DB, Mailer: m}

	var emails []string
	for i := range 32 {
		emails = append(emails, fmt.Sprintf("user%02d@example.com", i))
	}
	signUp(t, h, m, emails...)
	checkWelcomed(t, db, m, logs, emails)
	if n := db.Int(t, `SELECT COUNT(*) FROM users`); n != 32 {
		t.Fatalf("%d users stored after 32 signups, want 32", n)
	}
}

func TestSignupAlreadyRegistered(t *testing.T) {
	db := harness.OpenDB(t, schema)
	db.MustExec(t, `INSERT INTO users (email, welcomed) VALUES ('bob@example.com', 1)`)
	m := newMailer(t)
	m.open()
	h := &Handler{DB: db.DB, Mailer: m}
	srv := harness.NewServer(t, h)

	if c, err := post(srv.URL, "bob@example.com"); c != http.StatusConflict {
		t.Fatalf("POST /signup for a registered email: status %d (%v), want 409", c, err)
	}
	if c, err := post(srv.URL, "not-an-email"); c != http.StatusBadRequest {
		t.Fatalf("POST /signup with an invalid email: status %d (%v), want 400", c, err)
	}
	harness.Within(t, 3*time.Second, "Handler.Wait", h.Wait)
	if sent, failed := m.result(); len(sent)+len(failed) != 0 {
		t.Fatalf("mails sent for rejected signups: sent %v, failed %v", sent, failed)
	}
	if n := db.Int(t, `SELECT COUNT(*) FROM users`); n != 1 {
		t.Fatalf("%d users after rejected signups, want 1", n)
	}
}
