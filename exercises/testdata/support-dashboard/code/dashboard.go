package dashboard

import (
	"database/sql"
	"encoding/json"
	"net/http"
)

// TeamLoad is one row of the support dashboard.
type TeamLoad struct {
	Team   string `json:"team"`
	Open   int    `json:"open"`
	Urgent int    `json:"urgent"`
}

type Handler struct{ DB *sql.DB }

// ServeHTTP serves GET /dashboard: every team, by name, with the number of
// its open tickets and how many of those are urgent.
func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	rows, err := h.DB.QueryContext(ctx, `SELECT id, name FROM teams ORDER BY name`)
	if err != nil {
		http.Error(w, "dashboard unavailable", http.StatusInternalServerError)
		return
	}
	type team struct {
		id   int64
		name string
	}
	var teams []team
	for rows.Next() {
		var t team
		if err := rows.Scan(&t.id, &t.name); err != nil {
			rows.Close()
			http.Error(w, "dashboard unavailable", http.StatusInternalServerError)
			return
		}
		teams = append(teams, t)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		http.Error(w, "dashboard unavailable", http.StatusInternalServerError)
		return
	}

	out := make([]TeamLoad, 0, len(teams))
	for _, t := range teams {
		l := TeamLoad{Team: t.name}
		err := h.DB.QueryRowContext(ctx, `
			SELECT COUNT(*), COUNT(CASE WHEN priority = 'urgent' THEN 1 END)
			FROM tickets WHERE team_id = ? AND status = 'open'`, t.id).Scan(&l.Open, &l.Urgent)
		if err != nil {
			http.Error(w, "dashboard unavailable", http.StatusInternalServerError)
			return
		}
		out = append(out, l)
	}
	w.Header().Set("Content-Type", "application/json")
	json.NewEncoder(w).Encode(out)
}
