package customers

import (
	"context"
	"database/sql"
	"fmt"
)

type Customer struct {
	ID    int64  `json:"id"`
	Name  string `json:"name"`
	Email string `json:"email"`
}

type Repo struct {
	db *sql.DB
}

func NewRepo(db *sql.DB) *Repo { return &Repo{db: db} }

// Search returns up to 50 customers whose name contains term, for the
// search box of the support dashboard. term is what the agent typed.
func (r *Repo) Search(ctx context.Context, term string) ([]Customer, error) {
	// SQLite builds the pattern itself: the query text stays constant and
	// term travels as a bound value.
	const q = `SELECT id, name, email FROM customers
		WHERE name LIKE '%' || ? || '%' ORDER BY name LIMIT 50`
	rows, err := r.db.QueryContext(ctx, q, term)
	if err != nil {
		return nil, fmt.Errorf("search customers: %w", err)
	}
	defer rows.Close()

	var out []Customer
	for rows.Next() {
		var c Customer
		if err := rows.Scan(&c.ID, &c.Name, &c.Email); err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, rows.Err()
}
