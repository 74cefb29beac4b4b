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
	rows, err := h.DB.QueryContext(r.Context(), `
		SELECT t.name, COUNT(k.id), COUNT(CASE WHEN k.priority = 'urgent' THEN 1 END)
		FROM teams t
		LEFT JOIN tickets k ON k.team_id = t.id
		WHERE k.status = 'open'
		GROUP BY t.id
		ORDER BY t.name`)
	if err != nil {
		http.Error(w, "dashboard unavailable", http.StatusInternalServerError)
		return
	}
	defer rows.Close()

	out := []TeamLoad{}
	for rows.Next() {
		var l TeamLoad
		if err := rows.Scan(&l.Team, &l.Open, &l.Urgent); err != nil {
			http.Error(w, "dashboard unavailable", http.StatusInternalServerError)
			return
		}
		out = append(out, l)
	}
	if err := rows.Err(); err != nil {
		http.Error(w, "dashboard unavailable", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	json.NewEncoder(w).Encode(out)
}
