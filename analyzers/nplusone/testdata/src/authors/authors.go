// Package authors is a repository package whose helpers run queries; the
// blog package calls them in loops.
package authors

import (
	"context"
	"database/sql"
)

type Author struct {
	ID   int64
	Name string
}

// Load runs one query.
func Load(ctx context.Context, db *sql.DB, id int64) (Author, error) { // want Load:"mayQuery key\\[2\\]=id"
	var a Author
	err := db.QueryRowContext(ctx, `SELECT id, name FROM users WHERE id = ?`, id).Scan(&a.ID, &a.Name)
	return a, err
}

// Store is a repository struct.
type Store struct {
	DB *sql.DB
}

// ByID queries through a private helper: the fact is transitive.
func (s *Store) ByID(ctx context.Context, id int64) (Author, error) { // want ByID:"mayQuery key\\[2\\]=id"
	return s.byID(ctx, id)
}

func (s *Store) byID(ctx context.Context, id int64) (Author, error) { // want byID:"mayQuery key\\[2\\]=id"
	return Load(ctx, s.DB, id)
}

// DisplayName does no I/O.
func DisplayName(a Author) string {
	if a.Name == "" {
		return "anonymous"
	}
	return a.Name
}

// Exec runs the statement it is given: a migration helper.
func Exec(ctx context.Context, db *sql.DB, stmt string) error { // want Exec:"queryText\\[2\\]"
	_, err := db.ExecContext(ctx, stmt)
	return err
}

// InTx runs fn inside a transaction.
func InTx(ctx context.Context, db *sql.DB, fn func(*sql.Tx) error) error { // want InTx:"invokes\\[2\\]"
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if err := fn(tx); err != nil {
		return err
	}
	return tx.Commit()
}
