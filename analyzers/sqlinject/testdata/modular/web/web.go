// Package web uses a package of another module (a router's parameter
// helper, here standing in as net/http's own PathValue): not trusted.
package web

import (
	"database/sql"
	"net/http"
	"strings"
)

func Note(db *sql.DB, r *http.Request) (*sql.Rows, error) {
	id := strings.TrimSpace(r.PathValue("id"))
	return db.QueryContext(r.Context(), "SELECT body FROM notes WHERE id = '"+id+"'") // want `built with \+ from r.PathValue`
}
