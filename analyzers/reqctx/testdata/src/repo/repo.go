package repo

import (
	"context"
	"database/sql"
	"time"
)

type Repo struct{ db *sql.DB }

// --- positives ---------------------------------------------------------

func (r *Repo) Report(ctx context.Context) error {
	ctx2, cancel := context.WithTimeout(context.Background(), 30*time.Second) // want `context.Background\(\) drops the caller's cancellation: .* derive the context from ctx`
	defer cancel()
	_, err := r.db.ExecContext(ctx2, `SELECT 1`)
	return err
}

func (r *Repo) Count(c context.Context, table string) (n int, err error) {
	err = r.db.QueryRowContext(context.TODO(), `SELECT COUNT(*) FROM t`).Scan(&n) // want `context.TODO\(\) drops the caller's cancellation`
	return n, err
}

// --- negatives -----------------------------------------------------------

func (r *Repo) Get(ctx context.Context, id int64) error {
	ctx, cancel := context.WithTimeout(ctx, 2*time.Second)
	defer cancel()
	_, err := r.db.ExecContext(ctx, `SELECT ?`, id)
	return err
}

// No ctx parameter: Background is the root of the call tree.
func (r *Repo) Migrate() error {
	_, err := r.db.ExecContext(context.Background(), `CREATE TABLE t (id INTEGER)`)
	return err
}

// Detached deliberately, keeping the values.
func (r *Repo) Audit(ctx context.Context) {
	go func() {
		r.db.ExecContext(context.Background(), `INSERT INTO audit DEFAULT VALUES`)
	}()
	r.db.ExecContext(context.WithoutCancel(ctx), `INSERT INTO audit DEFAULT VALUES`)
}

// An unnamed context parameter cannot be used.
func (r *Repo) Ping(_ context.Context) error {
	return r.db.PingContext(context.Background())
}

// A nil context defaults to Background.
func (r *Repo) Enabled(ctx context.Context) bool {
	if ctx == nil {
		ctx = context.Background()
	}
	return ctx.Err() == nil
}

// Comparing against Background is not using it.
func (r *Repo) IsRoot(ctx context.Context) bool {
	return ctx == context.Background() || context.TODO() != ctx
}

type valuesOnly struct {
	context.Context
	values context.Context
}

// A hand-made detached context keeps only the caller's values.
func (r *Repo) Detach(ctx context.Context) context.Context {
	return valuesOnly{Context: context.Background(), values: ctx}
}

// Overwriting a local that is not the parameter still drops the caller.
func (r *Repo) Shadow(ctx context.Context) error {
	var c context.Context
	c = context.Background() // want `context.Background\(\) drops the caller's cancellation`
	_, err := r.db.ExecContext(c, `SELECT 1`)
	return err
}
