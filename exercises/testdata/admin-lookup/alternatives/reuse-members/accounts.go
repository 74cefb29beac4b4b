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
// Organisations have a few dozen users, so reading them all is cheap and
// leaves the connection handling to Members.
func (r *Repo) FirstAdmin(ctx context.Context, orgID int64) (string, error) {
	members, err := r.Members(ctx, orgID)
	if err != nil {
		return "", fmt.Errorf("first admin: %w", err)
	}
	for _, m := range members {
		if slices.Contains(strings.Split(m.Roles, ","), "admin") {
			return m.Email, nil
		}
	}
	return "", ErrNoAdmin
}
