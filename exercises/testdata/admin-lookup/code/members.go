package accounts

import (
	"context"
	"fmt"
)

// Member is one user of an organisation, as the team page lists them.
type Member struct {
	Email string
	Roles string
}

// Members lists an organisation's users, oldest first.
func (r *Repo) Members(ctx context.Context, orgID int64) ([]Member, error) {
	rows, err := r.db.QueryContext(ctx,
		`SELECT email, roles FROM users WHERE org_id = ? ORDER BY created_at, id`, orgID)
	if err != nil {
		return nil, fmt.Errorf("members of org %d: %w", orgID, err)
	}
	defer rows.Close()
	var out []Member
	for rows.Next() {
		var m Member
		if err := rows.Scan(&m.Email, &m.Roles); err != nil {
			return nil, fmt.Errorf("members of org %d: %w", orgID, err)
		}
		out = append(out, m)
	}
	return out, rows.Err()
}
