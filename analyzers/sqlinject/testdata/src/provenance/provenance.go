// Package provenance holds values whose origin decides: safe where every
// path leads back to constants, reported where one leads to a caller.
package provenance

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"strings"
)

// inClause returns "(?, ?, ...)" and the arguments: its clause is
// constant whatever the values.
func inClause[T any](values []T) (string, []any) {
	marks := make([]string, 0, len(values))
	args := make([]any, 0, len(values))
	for _, v := range values {
		marks = append(marks, "?")
		args = append(args, v)
	}
	return "(" + strings.Join(marks, ", ") + ")", args
}

func deleteMany(ctx context.Context, tx *sql.Tx, ids []int64) error {
	clause, args := inClause(ids)
	_, err := tx.ExecContext(ctx, "DELETE FROM notes WHERE id IN "+clause, args...)
	return err
}

// rawClause hands its input back as the clause: the second result is
// safe, the first is not.
func rawClause(expr string) (string, int) {
	return expr, 1
}

func Filtered(ctx context.Context, db *sql.DB, expr string) (*sql.Rows, error) {
	clause, _ := rawClause(expr)
	return db.QueryContext(ctx, "SELECT id FROM notes WHERE "+clause) // want `built with \+ from expr \(a parameter of rawClause\)`
}

// entryQuery is a query builder: every condition it collects is a
// constant fragment with a numbered placeholder.
type entryQuery struct {
	db         *sql.DB
	conditions []string
	args       []any
}

func newEntryQuery(db *sql.DB, userID int64) *entryQuery {
	return &entryQuery{db: db, conditions: []string{"user_id = $1"}, args: []any{userID}}
}

func (q *entryQuery) WithStatus(status string) *entryQuery {
	q.args = append(q.args, status)
	q.conditions = append(q.conditions, "status = $"+strconv.Itoa(len(q.args)))
	return q
}

func (q *entryQuery) WithFeed(feedID int64) *entryQuery {
	q.args = append(q.args, feedID)
	q.conditions = append(q.conditions, fmt.Sprintf("feed_id = $%d", len(q.args)))
	return q
}

func (q *entryQuery) Rows(ctx context.Context) (*sql.Rows, error) {
	where := strings.Join(q.conditions, " AND ")
	return q.db.QueryContext(ctx, "SELECT id FROM entries WHERE "+where, q.args...)
}

// rawQuery is the same builder with one method that takes SQL from its
// caller: a condition written from a parameter taints every read.
type rawQuery struct {
	db         *sql.DB
	conditions []string
}

func (q *rawQuery) Where(expr string) *rawQuery {
	q.conditions = append(q.conditions, expr)
	return q
}

func (q *rawQuery) Rows(ctx context.Context) (*sql.Rows, error) {
	return q.db.QueryContext(ctx, "SELECT id FROM entries WHERE "+strings.Join(q.conditions, " AND ")) // want `built with append from expr \(a parameter of Where\)`
}

// Search is exported: its fields can be filled by anyone, encoding/json
// included, so an exported field is judged by the value it is read from.
type Search struct {
	Sort string
}

func ListHandler(db *sql.DB) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		var s Search
		if err := json.NewDecoder(r.Body).Decode(&s); err != nil {
			return
		}
		rows, err := db.QueryContext(r.Context(), "SELECT id FROM entries ORDER BY "+s.Sort) // want `built with \+ from s.Sort`
		if err == nil {
			rows.Close()
		}
	}
}

func SortFromQuery(db *sql.DB, r *http.Request) {
	var s Search
	s.Sort = r.URL.Query().Get("sort")
	rows, err := db.QueryContext(r.Context(), "SELECT id FROM entries ORDER BY "+s.Sort) // want `built with \+ from r.URL.Query`
	if err == nil {
		rows.Close()
	}
}

func SortLiteral(ctx context.Context, db *sql.DB) (*sql.Rows, error) {
	s := Search{Sort: "created_at DESC"}
	return db.QueryContext(ctx, "SELECT id FROM entries ORDER BY "+s.Sort)
}

// refresh is called with constant view names only.
func refresh(ctx context.Context, db *sql.DB, view string) error {
	_, err := db.ExecContext(ctx, "REFRESH MATERIALIZED VIEW "+view)
	return err
}

func RefreshAll(ctx context.Context, db *sql.DB) error {
	for _, v := range []string{"daily_counts", "list_stats"} {
		if err := refresh(ctx, db, v); err != nil {
			return err
		}
	}
	return refresh(ctx, db, "charts")
}

// reindex has one caller passing a constant and one passing the request.
func reindex(ctx context.Context, db *sql.DB, table string) error {
	_, err := db.ExecContext(ctx, "REINDEX TABLE "+table) // want `built with \+ from table \(a parameter of reindex\)`
	return err
}

func ReindexDefault(ctx context.Context, db *sql.DB) error { return reindex(ctx, db, "entries") }

func ReindexHandler(db *sql.DB) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		_ = reindex(r.Context(), db, r.URL.Query().Get("table"))
	}
}

// vacuum is only called with constants, but it is also handed out as a
// value: whoever holds it may pass anything.
func vacuum(ctx context.Context, db *sql.DB, table string) error {
	_, err := db.ExecContext(ctx, "VACUUM "+table) // want `built with \+ from table \(a parameter of vacuum\)`
	return err
}

var maintenance = []func(context.Context, *sql.DB, string) error{vacuum}

func VacuumEntries(ctx context.Context, db *sql.DB) error { return vacuum(ctx, db, "entries") }

// migration steps are a package-level table of unexported fields set to
// constants.
type migration struct {
	version string
}

var migrations = []migration{{version: "v1.0.0"}, {version: "v1.1.0"}}

func recordVersion(db *sql.DB, ver string) error {
	_, err := db.Exec(fmt.Sprintf(`INSERT INTO settings (key, value) VALUES ('migration', '%s')`, ver))
	return err
}

func Migrate(db *sql.DB) error {
	for _, m := range migrations {
		if err := recordVersion(db, m.version); err != nil {
			return err
		}
	}
	return nil
}

func ClearColumns(ctx context.Context, tx *sql.Tx, id int64) error {
	clear := func(table, column string) error {
		_, err := tx.ExecContext(ctx, "UPDATE "+table+" SET "+column+" = NULL WHERE id = ?", id)
		return err
	}
	if err := clear("memo", "pinned_at"); err != nil {
		return err
	}
	return clear("attachment", "memo_id")
}

func ClearColumnsFrom(ctx context.Context, tx *sql.Tx, r *http.Request) error {
	clear := func(column string) error {
		_, err := tx.ExecContext(ctx, "UPDATE memo SET "+column+" = NULL") // want `built with \+ from column \(a parameter of a function literal\)`
		return err
	}
	return clear(r.FormValue("column"))
}

// store's configuration lives in nested receiver fields.
type config struct{ Schema string }

type store struct {
	db  *sql.DB
	cfg config
}

func (s *store) Tables(ctx context.Context) (*sql.Rows, error) {
	return s.db.QueryContext(ctx, "SELECT table_name FROM information_schema.tables WHERE table_schema = '"+s.cfg.Schema+"'")
}

var bounceSortFields = []string{"email", "campaign_name", "source", "created_at"}

// strSliceContains is slices.Contains written out.
func strSliceContains(str string, sl []string) bool {
	for _, s := range sl {
		if s == str {
			return true
		}
	}
	return false
}

// hasPrefixIn looks like it but proves nothing about equality.
func hasPrefixIn(str string, sl []string) bool {
	for _, s := range sl {
		if strings.HasPrefix(str, s) {
			return true
		}
	}
	return false
}

func Bounces(ctx context.Context, db *sql.DB, orderBy string) (*sql.Rows, error) {
	if !strSliceContains(orderBy, bounceSortFields) {
		orderBy = "created_at"
	}
	return db.QueryContext(ctx, "SELECT id FROM bounces ORDER BY "+orderBy)
}

func BouncesPrefix(ctx context.Context, db *sql.DB, orderBy string) (*sql.Rows, error) {
	if !hasPrefixIn(orderBy, bounceSortFields) {
		orderBy = "created_at"
	}
	return db.QueryContext(ctx, "SELECT id FROM bounces ORDER BY "+orderBy) // want `built with \+ from orderBy \(a parameter of BouncesPrefix\)`
}

func BouncesAnyList(ctx context.Context, db *sql.DB, orderBy string, allowed []string) (*sql.Rows, error) {
	if !strSliceContains(orderBy, allowed) {
		orderBy = "created_at"
	}
	return db.QueryContext(ctx, "SELECT id FROM bounces ORDER BY "+orderBy) // want `built with \+ from orderBy \(a parameter of BouncesAnyList\)`
}

// tableStore keeps a configured "schema.table" name.
type tableStore struct {
	db        *sql.DB
	tableName string
}

// parseTable splits a configured name: its pieces are as safe as the name.
func parseTable(name string) (schema, table string) {
	schema, table, found := strings.Cut(name, ".")
	if !found {
		return "", name
	}
	return schema, table
}

func (s *tableStore) Exists(ctx context.Context) (bool, error) {
	schema, table := parseTable(s.tableName)
	var ok bool
	err := s.db.QueryRowContext(ctx, fmt.Sprintf(`SELECT EXISTS (SELECT 1 FROM pg_tables WHERE schemaname = '%s' AND tablename = '%s')`, schema, table)).Scan(&ok)
	return ok, err
}

func TableFromRequest(ctx context.Context, db *sql.DB, r *http.Request) error {
	_, table, _ := strings.Cut(r.URL.Query().Get("t"), ".")
	parts := strings.Split(r.URL.Query().Get("cols"), ",")
	_, err := db.ExecContext(ctx, "TRUNCATE "+table) // want `built with \+ from r.URL.Query`
	if err != nil {
		return err
	}
	_, err = db.ExecContext(ctx, "SELECT "+strings.Join(parts, ", ")+" FROM t") // want `built with strings.Join from r.URL.Query`
	return err
}

func ColumnsFromConfig(ctx context.Context, db *sql.DB) error {
	parts := strings.Split("id,name", ",")
	_, err := db.ExecContext(ctx, "SELECT "+strings.Join(parts, ", ")+" FROM t")
	return err
}

// nakedOrder returns its named result without naming it: not followed.
func nakedOrder(col string) (order string) {
	order = col + " DESC"
	return
}

func NakedSort(ctx context.Context, db *sql.DB) (*sql.Rows, error) {
	return db.QueryContext(ctx, "SELECT id FROM entries ORDER BY "+nakedOrder("created_at")) // want `built with \+ from nakedOrder`
}
