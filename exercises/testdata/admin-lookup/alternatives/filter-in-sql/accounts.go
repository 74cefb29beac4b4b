package accounts

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
)

// ErrNoAdmin means the organisation has nobody with the admin role.
var ErrNoAdmin = errors.New("accounts: organisation has no admin")

// Repo reads user accounts.
type Repo struct {
	db *sql.DB
}

// NewRepo returns a Repo that reads from db.
func NewRepo(db *sql.DB) *Repo { return &Repo{db: db} }

// FirstAdmin returns the email of the longest-standing admin of the
// organisation. Roles are stored as a comma-separated list ("billing,admin").
func (r *Repo) FirstAdmin(ctx context.Context, orgID int64) (string, error) {
	// Wrapping the list in commas matches the whole role "admin", not
	// "sysadmin" or "admin-readonly".
	var email string
	err := r.db.QueryRowContext(ctx, `
		SELECT email FROM users
		WHERE org_id = ? AND ',' || roles || ',' LIKE '%,admin,%'
		ORDER BY created_at, id
		LIMIT 1`, orgID).Scan(&email)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return "", ErrNoAdmin
	case err != nil:
		return "", fmt.Errorf("first admin of org %d: %w", orgID, err)
	}
	return email, nil
}
