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
	// One statement instead of a temporary table: nothing outlives the
	// query, so any pooled connection will do. SUM of no rows is NULL,
	// hence the COALESCE for an empty week.
	const q = `
		SELECT COUNT(*),
			COALESCE(SUM(EXISTS (SELECT 1 FROM logins l WHERE l.user_id = u.id AND l.at >= u.signed_up_at + ?)), 0),
			COALESCE(SUM(EXISTS (SELECT 1 FROM logins l WHERE l.user_id = u.id AND l.at >= u.signed_up_at + ?)), 0)
		FROM users u
		WHERE u.signed_up_at >= ? AND u.signed_up_at < ?`
	from, to := weekStart.Unix(), weekStart.AddDate(0, 0, 7).Unix()
	var ret Retention
	if err := r.db.QueryRowContext(ctx, q, 7*day, 30*day, from, to).Scan(&ret.Cohort, &ret.Day7, &ret.Day30); err != nil {
		return Retention{}, fmt.Errorf("retention: %w", err)
	}
	if ret.Cohort == 0 {
		return Retention{}, ErrEmptyCohort
	}
	return ret, nil
}
