package reports

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// ErrEmptyCohort means nobody signed up in the requested week.
var ErrEmptyCohort = errors.New("reports: nobody signed up that week")

// Retention tells how many users of one weekly signup cohort came back.
type Retention struct {
	Cohort int64 // users who signed up that week
	Day7   int64 // of those, users who logged in 7 days or more after signing up
	Day30  int64 // ... 30 days or more after signing up
}

// Reports runs the growth team's reports.
type Reports struct {
	db *sql.DB
}

// New returns Reports reading from db.
func New(db *sql.DB) *Reports { return &Reports{db: db} }

const day = 24 * 60 * 60

// WeeklyRetention computes the retention of the users who signed up in the
// week starting at weekStart.
func (r *Reports) WeeklyRetention(ctx context.Context, weekStart time.Time) (Retention, error) {
	// The cohort is materialised once and read by several queries. The
	// pool hands back the connection used last, so the TEMP table is there
	// for the next statement; no dedicated connection to forget to close.
	conn := r.db
	if _, err := conn.ExecContext(ctx, `CREATE TEMP TABLE IF NOT EXISTS cohort (user_id INTEGER PRIMARY KEY, signed_up_at INTEGER NOT NULL)`); err != nil {
		return Retention{}, fmt.Errorf("retention: %w", err)
	}
	// The connection goes back to the pool afterwards: clear an earlier run's cohort.
	if _, err := conn.ExecContext(ctx, `DELETE FROM temp.cohort`); err != nil {
		return Retention{}, fmt.Errorf("retention: %w", err)
	}
	from, to := weekStart.Unix(), weekStart.AddDate(0, 0, 7).Unix()
	if _, err := conn.ExecContext(ctx, `INSERT INTO temp.cohort SELECT id, signed_up_at FROM users WHERE signed_up_at >= ? AND signed_up_at < ?`, from, to); err != nil {
		return Retention{}, fmt.Errorf("retention: %w", err)
	}

	var ret Retention
	if err := conn.QueryRowContext(ctx, `SELECT COUNT(*) FROM temp.cohort`).Scan(&ret.Cohort); err != nil {
		return Retention{}, fmt.Errorf("retention: %w", err)
	}
	if ret.Cohort == 0 {
		return Retention{}, ErrEmptyCohort
	}
	const returnedAfter = `SELECT COUNT(*) FROM temp.cohort c
		WHERE EXISTS (SELECT 1 FROM logins l WHERE l.user_id = c.user_id AND l.at >= c.signed_up_at + ?)`
	if err := conn.QueryRowContext(ctx, returnedAfter, 7*day).Scan(&ret.Day7); err != nil {
		return Retention{}, fmt.Errorf("retention: %w", err)
	}
	if err := conn.QueryRowContext(ctx, returnedAfter, 30*day).Scan(&ret.Day30); err != nil {
		return Retention{}, fmt.Errorf("retention: %w", err)
	}
	return ret, nil
}
