// Package guards holds allow-list checks written in every shape a reviewer
// accepts, beside look-alikes that do not protect the query.
package guards

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/http"
	"regexp"
	"strings"
)

var errBadSort = errors.New("bad sort")

var sortable = map[string]bool{"name": true, "price_cents": true, "created_at": true}

var sortSet = map[string]struct{}{"name": {}, "price_cents": {}}

type ListRequest struct {
	Sort  string
	Order string
}

// --- accepted: the check guards the very expression that is used ---

func checkOnExpression(ctx context.Context, db *sql.DB, sort string) (*sql.Rows, error) {
	if !sortable[strings.TrimPrefix(sort, "-")] {
		return nil, errBadSort
	}
	order := strings.TrimPrefix(sort, "-")
	if strings.HasPrefix(sort, "-") {
		order += " DESC"
	}
	return db.QueryContext(ctx, "SELECT id FROM products ORDER BY "+order)
}

func checkOnField(ctx context.Context, db *sql.DB, req ListRequest) (*sql.Rows, error) {
	if !sortable[req.Sort] {
		return nil, errBadSort
	}
	return db.QueryContext(ctx, "SELECT id FROM products ORDER BY "+req.Sort)
}

func commaOKOnField(ctx context.Context, db *sql.DB, req *ListRequest) (*sql.Rows, error) {
	if _, ok := sortSet[req.Sort]; !ok {
		return nil, errBadSort
	}
	return db.QueryContext(ctx, fmt.Sprintf("SELECT id FROM products ORDER BY %s", req.Sort))
}

func okVariable(ctx context.Context, db *sql.DB, col string) (*sql.Rows, error) {
	ok := sortable[col]
	if !ok {
		return nil, errBadSort
	}
	return db.QueryContext(ctx, "SELECT id FROM products ORDER BY "+col)
}

func switchOnExpression(ctx context.Context, db *sql.DB, dir string) (*sql.Rows, error) {
	switch strings.ToUpper(dir) {
	case "ASC", "DESC":
	default:
		return nil, errBadSort
	}
	return db.QueryContext(ctx, "SELECT id FROM products ORDER BY name "+strings.ToUpper(dir))
}

func useInsideCase(ctx context.Context, db *sql.DB, r *http.Request) (*sql.Rows, error) {
	switch r.FormValue("sort") {
	case "name", "price_cents":
		return db.QueryContext(ctx, "SELECT id FROM products ORDER BY "+r.FormValue("sort"))
	}
	return nil, errBadSort
}

func switchThenSuffix(ctx context.Context, db *sql.DB, sort string) (*sql.Rows, error) {
	col := strings.TrimPrefix(sort, "-")
	switch col {
	case "name", "price_cents", "created_at":
	default:
		return nil, errBadSort
	}
	if strings.HasPrefix(sort, "-") {
		col += " DESC"
	}
	return db.QueryContext(ctx, "SELECT id FROM products ORDER BY "+col)
}

func comparisons(ctx context.Context, db *sql.DB, col string) (*sql.Rows, error) {
	if col != "name" && col != "price_cents" {
		return nil, errBadSort
	}
	return db.QueryContext(ctx, "SELECT id FROM products ORDER BY "+col)
}

func positiveIf(ctx context.Context, db *sql.DB, col string) (*sql.Rows, error) {
	q := "SELECT id FROM products"
	if sortable[col] {
		q += " ORDER BY " + col
	}
	return db.QueryContext(ctx, q)
}

func constantFallback(ctx context.Context, db *sql.DB, col string) (*sql.Rows, error) {
	if !sortable[col] {
		col = "id"
	}
	return db.QueryContext(ctx, "SELECT id FROM products ORDER BY "+col)
}

func switchFallback(ctx context.Context, db *sql.DB, req ListRequest) (*sql.Rows, error) {
	switch req.Sort {
	case "name", "price_cents":
	default:
		req.Sort = "id"
	}
	return db.QueryContext(ctx, "SELECT id FROM products ORDER BY "+req.Sort)
}

func loopWithContinue(ctx context.Context, db *sql.DB, fields []string) (*sql.Rows, error) {
	cols := []string{"id"}
	for _, f := range fields {
		if _, ok := sortSet[f]; !ok {
			continue
		}
		cols = append(cols, f)
	}
	return db.QueryContext(ctx, "SELECT "+strings.Join(cols, ", ")+" FROM products")
}

// identifier admits whole strings of lower-case letters and '_' only.
var identifier = regexp.MustCompile(`^[a-z_]+$`)

func anchoredRegexp(ctx context.Context, db *sql.DB, col string) (*sql.Rows, error) {
	if !identifier.MatchString(col) {
		return nil, errBadSort
	}
	return db.QueryContext(ctx, "SELECT id FROM products ORDER BY "+col)
}

var sortParam = regexp.MustCompile(`^-?(name|price_cents|created_at)$`)

func anchoredAlternation(ctx context.Context, db *sql.DB, r *http.Request) (*sql.Rows, error) {
	s := r.URL.Query().Get("sort")
	if !sortParam.MatchString(s) {
		return nil, errBadSort
	}
	order := strings.TrimPrefix(s, "-")
	return db.QueryContext(ctx, "SELECT id FROM products ORDER BY "+order)
}

func inlineRegexpOnField(ctx context.Context, db *sql.DB, req ListRequest) (*sql.Rows, error) {
	if ok := regexp.MustCompile(`\A(?i:asc|desc)\z`).MatchString(req.Order); !ok {
		return nil, errBadSort
	}
	return db.QueryContext(ctx, "SELECT id FROM products ORDER BY name "+req.Order)
}

// --- refused: look-alikes that leave the query open ---

var unanchored = regexp.MustCompile(`[a-z_]+`)

func unanchoredRegexp(ctx context.Context, db *sql.DB, col string) (*sql.Rows, error) {
	if !unanchored.MatchString(col) { // "name; DROP TABLE products" contains a match
		return nil, errBadSort
	}
	return db.QueryContext(ctx, "SELECT id FROM products ORDER BY "+col) // want `built with \+ from col`
}

var startOnly = regexp.MustCompile(`^[a-z_]+`)

func startAnchoredOnly(ctx context.Context, db *sql.DB, col string) (*sql.Rows, error) {
	if !startOnly.MatchString(col) {
		return nil, errBadSort
	}
	return db.QueryContext(ctx, "SELECT id FROM products ORDER BY "+col) // want `built with \+ from col`
}

var perLine = regexp.MustCompile(`(?m)^[a-z_]+$`)

func multiLineAnchors(ctx context.Context, db *sql.DB, col string) (*sql.Rows, error) {
	if !perLine.MatchString(col) { // "name\n; DROP TABLE x" has a matching line
		return nil, errBadSort
	}
	return db.QueryContext(ctx, "SELECT id FROM products ORDER BY "+col) // want `built with \+ from col`
}

func posixAnchors(ctx context.Context, db *sql.DB, col string) (*sql.Rows, error) {
	if !regexp.MustCompilePOSIX(`^[a-z_]+$`).MatchString(col) { // POSIX ^ and $ match at every line
		return nil, errBadSort
	}
	return db.QueryContext(ctx, "SELECT id FROM products ORDER BY "+col) // want `built with \+ from col`
}

var anything = regexp.MustCompile(`^[\w ,()]+$`)

func anchoredButPermissive(ctx context.Context, db *sql.DB, col string) (*sql.Rows, error) {
	if !anything.MatchString(col) { // admits "(SELECT secret FROM api_keys)"
		return nil, errBadSort
	}
	return db.QueryContext(ctx, "SELECT id FROM products ORDER BY "+col) // want `built with \+ from col`
}

func checkAfterUse(ctx context.Context, db *sql.DB, col string) (*sql.Rows, error) {
	rows, err := db.QueryContext(ctx, "SELECT id FROM products ORDER BY "+col) // want `built with \+ from col`
	if !sortable[col] {
		return nil, errBadSort
	}
	return rows, err
}

func checkOnOtherExpression(ctx context.Context, db *sql.DB, col string) (*sql.Rows, error) {
	if !sortable[strings.ToLower(col)] {
		return nil, errBadSort
	}
	return db.QueryContext(ctx, "SELECT id FROM products ORDER BY "+col) // want `built with \+ from col`
}

func checkOnOtherField(ctx context.Context, db *sql.DB, req ListRequest) (*sql.Rows, error) {
	if !sortable[req.Sort] {
		return nil, errBadSort
	}
	return db.QueryContext(ctx, "SELECT id FROM products ORDER BY "+req.Sort+" "+req.Order) // want `built with \+ from req.Order`
}

func reassignedAfterCheck(ctx context.Context, db *sql.DB, r *http.Request) (*sql.Rows, error) {
	col := r.FormValue("sort")
	if !sortable[col] {
		return nil, errBadSort
	}
	if alt := r.FormValue("order_by"); alt != "" {
		col = alt
	}
	return db.QueryContext(ctx, "SELECT id FROM products ORDER BY "+col) // want `built with \+ from r.FormValue\("order_by"\)`
}

func fieldReassignedAfterCheck(ctx context.Context, db *sql.DB, req ListRequest, r *http.Request) (*sql.Rows, error) {
	if !sortable[req.Sort] {
		return nil, errBadSort
	}
	req.Sort = r.FormValue("sort")
	return db.QueryContext(ctx, "SELECT id FROM products ORDER BY "+req.Sort) // want `built with \+ from req.Sort`
}

func positiveIfUsedOutside(ctx context.Context, db *sql.DB, col string) (*sql.Rows, error) {
	if sortable[col] {
		fmt.Println("sorting by", col)
	}
	return db.QueryContext(ctx, "SELECT id FROM products ORDER BY "+col) // want `built with \+ from col`
}

func eitherIsAllowed(ctx context.Context, db *sql.DB, a, b string) (*sql.Rows, error) {
	if sortable[a] || sortable[b] {
		return db.QueryContext(ctx, "SELECT id FROM products ORDER BY "+a) // want `built with \+ from a`
	}
	return nil, errBadSort
}

func fallbackFromInput(ctx context.Context, db *sql.DB, col, def string) (*sql.Rows, error) {
	if !sortable[col] {
		col = def
	}
	return db.QueryContext(ctx, "SELECT id FROM products ORDER BY "+col) // want `built with \+ from col`
}

func keysFromInput(ctx context.Context, db *sql.DB, col, extra string) (*sql.Rows, error) {
	allowed := map[string]bool{"name": true, extra: true}
	if !allowed[col] {
		return nil, errBadSort
	}
	return db.QueryContext(ctx, "SELECT id FROM products ORDER BY "+col) // want `built with \+ from col`
}

func keyAddedFromInput(ctx context.Context, db *sql.DB, col, extra string) (*sql.Rows, error) {
	allowed := map[string]bool{"name": true}
	allowed[extra] = true
	if !allowed[col] {
		return nil, errBadSort
	}
	return db.QueryContext(ctx, "SELECT id FROM products ORDER BY "+col) // want `built with \+ from col`
}

func caseChangesTag(ctx context.Context, db *sql.DB, col, raw string) (*sql.Rows, error) {
	switch col {
	case "name":
	case "legacy":
		col = raw
	default:
		return nil, errBadSort
	}
	return db.QueryContext(ctx, "SELECT id FROM products ORDER BY "+col) // want `built with \+ from col`
}

func closureRunsLater(ctx context.Context, db *sql.DB, col, raw string) (*sql.Rows, error) {
	if !sortable[col] {
		return nil, errBadSort
	}
	query := func() (*sql.Rows, error) {
		return db.QueryContext(ctx, "SELECT id FROM products ORDER BY "+col) // want `built with \+ from col`
	}
	col = raw
	return query()
}

func loopCheckSkipsNothing(ctx context.Context, db *sql.DB, fields []string) (*sql.Rows, error) {
	cols := []string{"id"}
	for _, f := range fields {
		if _, ok := sortSet[f]; !ok {
			fmt.Println("unknown field", f)
		}
		cols = append(cols, f)
	}
	return db.QueryContext(ctx, "SELECT "+strings.Join(cols, ", ")+" FROM products") // want `built with append from fields`
}

func checkedInBranch(ctx context.Context, db *sql.DB, r *http.Request) (*sql.Rows, error) {
	order := "id"
	if s := r.URL.Query().Get("sort"); s != "" {
		order = strings.TrimPrefix(s, "-")
		switch order {
		case "name", "price_cents", "created_at":
		default:
			return nil, errBadSort
		}
		if strings.HasPrefix(s, "-") {
			order += " DESC"
		}
	}
	return db.QueryContext(ctx, "SELECT id FROM products ORDER BY "+order)
}

func usedBeforeCheckInBranch(ctx context.Context, db *sql.DB, r *http.Request) (*sql.Rows, error) {
	order := "id"
	q := ""
	if s := r.URL.Query().Get("sort"); s != "" {
		order = strings.TrimPrefix(s, "-")
		q = "SELECT id FROM products ORDER BY " + order
		if !sortable[order] {
			return nil, errBadSort
		}
	}
	return db.QueryContext(ctx, q) // want `built with \+ from r.URL.Query\(\).Get\("sort"\)`
}

func checkOnlyLogsInBranch(ctx context.Context, db *sql.DB, r *http.Request) (*sql.Rows, error) {
	order := "id"
	if s := r.URL.Query().Get("sort"); s != "" {
		order = strings.TrimPrefix(s, "-")
		if !sortable[order] {
			fmt.Println("unknown sort", order)
		}
	}
	return db.QueryContext(ctx, "SELECT id FROM products ORDER BY "+order) // want `built with \+ from r.URL.Query\(\).Get\("sort"\)`
}

func changedBetweenLookupAndCheck(ctx context.Context, db *sql.DB, col, raw string) (*sql.Rows, error) {
	_, ok := sortSet[col]
	col = raw
	if !ok {
		return nil, errBadSort
	}
	return db.QueryContext(ctx, "SELECT id FROM products ORDER BY "+col) // want `built with \+ from col`
}

func lookupThenCheck(ctx context.Context, db *sql.DB, col string) (*sql.Rows, error) {
	_, ok := sortSet[col]
	if !ok {
		return nil, errBadSort
	}
	return db.QueryContext(ctx, "SELECT id FROM products ORDER BY "+col)
}
