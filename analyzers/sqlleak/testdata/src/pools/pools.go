// Package pools opens *sql.DB pools, well and badly.
package pools

import (
	"context"
	"database/sql"
	"fmt"
	"net/http"
	"sync"
	"time"
)

type Handler struct{ dsn string }

// Get opens a new pool on every request and never closes it.
func (h *Handler) Get(w http.ResponseWriter, r *http.Request) {
	db, err := sql.Open("sqlite", h.dsn) // want `db is not closed on this return \(line \d+\): every call leaves a whole pool \(connections and a goroutine\) behind`
	if err != nil {
		http.Error(w, "db", http.StatusInternalServerError)
		return
	}
	var name string
	db.QueryRowContext(r.Context(), `SELECT name FROM users WHERE id = ?`, r.PathValue("id")).Scan(&name)
	fmt.Fprint(w, name)
}

type Store struct{ db *sql.DB }

// NewStore leaves the pool open when the ping fails, and returns it inside
// the Store otherwise: a constructor. One failure at startup ends the
// process, so it is not reported here; callers that retry it are.
func NewStore(ctx context.Context, dsn string) (*Store, error) { // want NewStore:"leaksPoolOnError"
	db, err := sql.Open("sqlite", dsn)
	if err != nil {
		return nil, err
	}
	if err := db.PingContext(ctx); err != nil {
		return nil, fmt.Errorf("ping: %w", err)
	}
	return &Store{db: db}, nil
}

// NewStoreOK closes the pool when the ping fails and keeps it otherwise.
func NewStoreOK(ctx context.Context, dsn string) (*Store, error) {
	db, err := sql.Open("sqlite", dsn)
	if err != nil {
		return nil, err
	}
	if err := db.PingContext(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("ping: %w", err)
	}
	db.SetMaxOpenConns(10)
	return &Store{db: db}, nil
}

// Open hands the pool to the caller.
func Open(dsn string) (*sql.DB, error) { // want Open:"returnsResource\\(0\\)"
	return sql.Open("sqlite", dsn)
}

// Migrate opens, uses and closes a short-lived pool.
func Migrate(ctx context.Context, dsn string) error {
	db, err := Open(dsn)
	if err != nil {
		return err
	}
	defer db.Close()
	_, err = db.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS users(id INTEGER PRIMARY KEY, name TEXT)`)
	return err
}

// App is built once, at startup.
type App struct{ store *Store }

// Setup returns NewStore's error to its caller, which inherits the fact: a
// caller retrying Setup leaks pools too.
func Setup(ctx context.Context, dsn string) (*App, error) { // want Setup:"leaksPoolOnError"
	s, err := NewStore(ctx, dsn)
	if err != nil {
		return nil, fmt.Errorf("store: %w", err)
	}
	return &App{store: s}, nil
}

// OpenAll opens one store per shard and gives up at the first failure: the
// loop never calls NewStore again after it failed.
func OpenAll(ctx context.Context, dsns []string) ([]*Store, error) { // want OpenAll:"leaksPoolOnError"
	var out []*Store
	for _, dsn := range dsns {
		s, err := NewStore(ctx, dsn)
		if err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, nil
}

// WaitForStore retries until the database answers: every failed attempt
// leaves another pool behind.
func WaitForStore(ctx context.Context, dsn string) *Store {
	for {
		s, err := NewStore(ctx, dsn) // want `NewStore leaves the database pool it opens unclosed when it fails, and this loop calls it again after a failure: every failure leaks a pool`
		if err == nil {
			return s
		}
		time.Sleep(time.Second)
	}
}

// WaitForApp retries the wrapper: the same leak, one call further away.
func WaitForApp(ctx context.Context, dsn string) *App {
	for attempt := 0; ; attempt++ {
		a, err := Setup(ctx, dsn) // want `Setup leaves the database pool it opens unclosed when it fails, and this loop calls it again`
		if err != nil {
			time.Sleep(time.Duration(attempt) * time.Second)
			continue
		}
		return a
	}
}

// Tenant opens the tenant's store on every request.
func (h *Handler) Tenant(w http.ResponseWriter, r *http.Request) {
	s, err := NewStore(r.Context(), r.URL.Query().Get("dsn")) // want `NewStore leaves the database pool it opens unclosed when it fails, and it runs on every request`
	if err != nil {
		http.Error(w, "db", http.StatusBadGateway)
		return
	}
	fmt.Fprint(w, s.db.Stats().OpenConnections)
}

// NewOptionalStore answers "no store" with a nil error when the database
// is down: the caller sees success and never learns a pool was left open.
func NewOptionalStore(ctx context.Context, dsn string) (*Store, error) {
	db, err := sql.Open("sqlite", dsn) // want `db is not closed when PingContext fails`
	if err != nil {
		return nil, err
	}
	if err := db.PingContext(ctx); err != nil {
		return nil, nil
	}
	return &Store{db: db}, nil
}

// Check opens a pool only to ping it: not a constructor, so its leak on
// the ping failure is reported where the pool is opened.
func Check(ctx context.Context, dsn string) error {
	db, err := sql.Open("sqlite", dsn) // want `db is not closed when PingContext fails`
	if err != nil {
		return err
	}
	if err := db.PingContext(ctx); err != nil {
		return err
	}
	return db.Close()
}

// Lazy opens the store on the first request only: the sync.Once body is a
// closure of the handler, but it runs once per process.
type Lazy struct {
	once  sync.Once
	store *Store
	err   error
	dsn   string
}

func (l *Lazy) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	l.once.Do(func() { l.store, l.err = NewStore(context.Background(), l.dsn) })
	if l.err != nil {
		http.Error(w, "db", http.StatusBadGateway)
		return
	}
	fmt.Fprint(w, l.store.db.Stats().OpenConnections)
}
