package dashboard

import (
	"database/sql"
	"net/http"
	"time"
)

// Routes wires the support dashboard's endpoints. Every request gets a
// deadline, so a slow database cannot pile up handlers behind it.
func Routes(db *sql.DB) http.Handler {
	mux := http.NewServeMux()
	mux.Handle("GET /dashboard", &Handler{DB: db})
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) {
		if err := db.PingContext(r.Context()); err != nil {
			http.Error(w, "database unreachable", http.StatusServiceUnavailable)
			return
		}
		w.WriteHeader(http.StatusNoContent)
	})
	return http.TimeoutHandler(mux, 5*time.Second, "dashboard timed out")
}
