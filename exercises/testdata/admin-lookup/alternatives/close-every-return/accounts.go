package accounts

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"
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
	rows, err := r.db.QueryContext(ctx,
		`SELECT email, roles FROM users WHERE org_id = ? ORDER BY created_at, id`, orgID)
	if err != nil {
		return "", fmt.Errorf("first admin of org %d: %w", orgID, err)
	}
	for rows.Next() {
		var email, roles string
		if err := rows.Scan(&email, &roles); err != nil {
			rows.Close() // leaving the loop early: give the connection back
			return "", fmt.Errorf("first admin of org %d: %w", orgID, err)
		}
		if slices.Contains(strings.Split(roles, ","), "admin") {
			if err := rows.Close(); err != nil {
				return "", fmt.Errorf("first admin of org %d: %w", orgID, err)
			}
			return email, nil
		}
	}
	// Next returned false, which closed the rows already.
	if err := rows.Err(); err != nil {
		return "", fmt.Errorf("first admin of org %d: %w", orgID, err)
	}
	return "", ErrNoAdmin
}
