package store

import (
	"context"
	"database/sql"
	"net/http"
	"strings"

	"example.com/app/filter"
)

func Notes(ctx context.Context, db *sql.DB, expr string) (*sql.Rows, error) {
	st, err := filter.Compile(expr)
	if err != nil {
		return nil, err
	}
	return db.QueryContext(ctx, "SELECT id FROM notes WHERE "+st.SQL, st.Args...)
}

func NotesWhere(ctx context.Context, db *sql.DB, expr string) (*sql.Rows, error) {
	where, args := []string{"1 = 1"}, []any{}
	if err := filter.AppendConditions(expr, &where, &args); err != nil {
		return nil, err
	}
	return db.QueryContext(ctx, "SELECT id FROM notes WHERE "+strings.Join(where, " AND "), args...)
}

func Sorted(db *sql.DB, r *http.Request) (*sql.Rows, error) {
	return db.QueryContext(r.Context(), "SELECT id FROM notes ORDER BY "+filter.SortParam(r)) // want `built with \+ from filter.SortParam\(r\)`
}

func SortedParams(db *sql.DB, p filter.Params) (*sql.Rows, error) {
	return db.QueryContext(context.Background(), "SELECT id FROM notes ORDER BY "+p.Get("sort")) // want `built with \+ from p.Get`
}

// Overwritten: the builder's result is trusted, a later write to its field
// is judged on its own.
func Overwritten(ctx context.Context, db *sql.DB, expr, extra string) (*sql.Rows, error) {
	st, err := filter.Compile(expr)
	if err != nil {
		return nil, err
	}
	st.SQL = st.SQL + " AND " + extra
	return db.QueryContext(ctx, "SELECT id FROM notes WHERE "+st.SQL, st.Args...) // want `built with \+ from extra \(a parameter of Overwritten\)`
}
