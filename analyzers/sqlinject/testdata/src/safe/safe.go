package safe

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"fmt"
	"slices"
	"strconv"
	"strings"
)

const baseQuery = "SELECT id, name FROM users"

var activeOnly = baseQuery + " WHERE active = 1"

func placeholders(ctx context.Context, db *sql.DB, term string) (*sql.Rows, error) {
	return db.QueryContext(ctx, `SELECT id FROM customers WHERE name LIKE ?`, "%"+term+"%")
}

func constants(db *sql.DB) (*sql.Rows, error) {
	return db.Query(baseQuery + " ORDER BY name")
}

func packageVar(ctx context.Context, db *sql.DB) (*sql.Rows, error) {
	return db.QueryContext(ctx, activeOnly+" LIMIT 10")
}

func numbers(ctx context.Context, db *sql.DB, limit, offset int) (*sql.Rows, error) {
	q := fmt.Sprintf("SELECT id FROM users LIMIT %d OFFSET %d", limit, offset)
	return db.QueryContext(ctx, q)
}

func itoa(ctx context.Context, db *sql.DB, limit int) (*sql.Rows, error) {
	return db.QueryContext(ctx, "SELECT id FROM users LIMIT "+strconv.Itoa(limit))
}

func inList(ctx context.Context, db *sql.DB, ids []int64) (*sql.Rows, error) {
	args := make([]any, len(ids))
	for i, id := range ids {
		args[i] = id
	}
	q := "SELECT id, title FROM posts WHERE author_id IN (" +
		strings.TrimSuffix(strings.Repeat("?,", len(ids)), ",") + ")"
	return db.QueryContext(ctx, q, args...)
}

func marks(n int) string {
	return strings.TrimSuffix(strings.Repeat("?, ", n), ", ")
}

func inListHelper(tx *sql.Tx, ids []any) (*sql.Rows, error) {
	return tx.Query(fmt.Sprintf("SELECT id FROM posts WHERE id IN (%s)", marks(len(ids))), ids...)
}

var sortColumns = map[string]string{
	"name":        "name",
	"price_cents": "price_cents",
	"created_at":  "created_at",
}

func allowList(ctx context.Context, db *sql.DB, sort, category string) (*sql.Rows, error) {
	order := "id"
	if sort != "" {
		col, ok := sortColumns[strings.TrimPrefix(sort, "-")]
		if !ok {
			return nil, fmt.Errorf("unknown sort %q", sort)
		}
		order = col
		if strings.HasPrefix(sort, "-") {
			order += " DESC"
		}
	}
	q := fmt.Sprintf(`SELECT id FROM products WHERE category = ? ORDER BY %s LIMIT 100`, order)
	return db.QueryContext(ctx, q, category)
}

func switchAllowList(ctx context.Context, db *sql.DB, sort string) (*sql.Rows, error) {
	var col string
	switch sort {
	case "newest":
		col = "created_at DESC"
	case "cheapest":
		col = "price_cents"
	default:
		col = "id"
	}
	return db.QueryContext(ctx, "SELECT id FROM products ORDER BY "+col)
}

// run is a pass-through wrapper: it does not build SQL, its callers do.
func run(ctx context.Context, db *sql.DB, query string, args ...any) error {
	_, err := db.ExecContext(ctx, query, args...)
	return err
}

func builderOfConstants(ctx context.Context, db *sql.DB, name string, minAge int) (*sql.Rows, error) {
	var b strings.Builder
	b.WriteString("SELECT id FROM users WHERE 1 = 1")
	args := []any{}
	if name != "" {
		b.WriteString(" AND name = ?")
		args = append(args, name)
	}
	fmt.Fprintf(&b, " AND age >= %d", minAge)
	return db.QueryContext(ctx, b.String(), args...)
}

func joinedPlaceholders(ctx context.Context, db *sql.DB, name, email string) (*sql.Rows, error) {
	conds := []string{"deleted_at IS NULL"}
	var args []any
	if name != "" {
		conds = append(conds, "name = ?")
		args = append(args, name)
	}
	if email != "" {
		conds = append(conds, "email = ?")
		args = append(args, email)
	}
	return db.QueryContext(ctx, "SELECT id FROM users WHERE "+strings.Join(conds, " AND "), args...)
}

func rangeOverConstants(ctx context.Context, db *sql.DB) error {
	for _, table := range []string{"sessions", "password_resets"} {
		if _, err := db.ExecContext(ctx, "DELETE FROM "+table+" WHERE expires_at < CURRENT_TIMESTAMP"); err != nil {
			return err
		}
	}
	return nil
}

// Shell is not a database: its Exec is none of this check's business.
type Shell struct{}

func (Shell) Exec(cmd string) error { return nil }

func notSQL(s Shell, dir string) error {
	return s.Exec("ls " + dir)
}

var sortable = map[string]bool{"name": true, "price_cents": true}

func validatedByMap(ctx context.Context, db *sql.DB, sort string) (*sql.Rows, error) {
	col := strings.TrimPrefix(sort, "-")
	if !sortable[col] {
		return nil, fmt.Errorf("unknown sort %q", sort)
	}
	return db.QueryContext(ctx, "SELECT id FROM products ORDER BY "+col)
}

func validatedByCommaOK(ctx context.Context, db *sql.DB, col string) (*sql.Rows, error) {
	if _, ok := sortable[col]; !ok {
		return nil, fmt.Errorf("unknown sort %q", col)
	}
	return db.QueryContext(ctx, fmt.Sprintf("SELECT id FROM products ORDER BY %s", col))
}

func validatedBySlice(ctx context.Context, db *sql.DB, col string) (*sql.Rows, error) {
	if col == "" || !slices.Contains([]string{"name", "created_at"}, col) {
		return nil, fmt.Errorf("unknown sort %q", col)
	}
	return db.QueryContext(ctx, "SELECT id FROM products ORDER BY "+col)
}

func validatedBySwitch(ctx context.Context, db *sql.DB, dir string) (*sql.Rows, error) {
	switch dir {
	case "ASC", "DESC":
	default:
		return nil, fmt.Errorf("bad direction %q", dir)
	}
	return db.QueryContext(ctx, "SELECT id FROM products ORDER BY name "+dir)
}

// Store keeps its table name as configuration set by the program at
// construction; identifiers cannot be bound as ? arguments.
type Store struct {
	db    *sql.DB
	table string
}

func NewStore(db *sql.DB, table string) *Store { return &Store{db: db, table: table} }

func (s *Store) Lock(ctx context.Context, id int64) error {
	_, err := s.db.ExecContext(ctx, fmt.Sprintf("UPDATE %s SET locked = 1 WHERE id = ?", s.table), id)
	return err
}

// randomName's result is hex digits, whatever the random bytes were: it
// cannot carry a quote or a keyword into the statement.
func randomName() string {
	b := make([]byte, 8)
	rand.Read(b)
	return "tmp_" + hex.EncodeToString(b)
}

func createScratch(ctx context.Context, db *sql.DB) error {
	_, err := db.ExecContext(ctx, "CREATE DATABASE "+randomName())
	return err
}

// The receiver of a method expression is not SQL text.
func methodExpr(ctx context.Context, db *sql.DB) (*sql.Rows, error) {
	return (*sql.DB).QueryContext(db, ctx, "SELECT id FROM users")
}
