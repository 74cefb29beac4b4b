package reports

import (
	"context"
	"errors"
	"testing"
	"time"

	"drill.workspace/harness"
)

var (
	week     = time.Date(2026, 3, 2, 0, 0, 0, 0, time.UTC) // a Monday
	prevWeek = week.AddDate(0, 0, -7)
	empty    = time.Date(2025, 1, 6, 0, 0, 0, 0, time.UTC) // before launch
)

func at(base time.Time, days, hours int) int64 {
	return base.AddDate(0, 0, days).Add(time.Duration(hours) * time.Hour).Unix()
}

func open(t *testing.T, opts ...harness.Option) *harness.DB {
	t.Helper()
	db := harness.OpenDB(t, `
CREATE TABLE users (id INTEGER PRIMARY KEY, signed_up_at INTEGER NOT NULL);
CREATE TABLE logins (user_id INTEGER NOT NULL REFERENCES users(id), at INTEGER NOT NULL);`, opts...)
	users := map[int64]int64{
		1: at(week, 0, 9), 2: at(week, 2, 0), 3: at(week, 6, 23), 4: at(week, 4, 12), // the cohort of week
		5: at(prevWeek, 3, 0), // the week before
		6: at(week, 7, 0),     // the week after (exactly at the end: excluded)
	}
	for id, ts := range users {
		db.MustExec(t, `INSERT INTO users (id, signed_up_at) VALUES (?, ?)`, id, ts)
	}
	logins := []struct{ user, at int64 }{
		{1, users[1] + 8*day},  // back after 8 days: day 7
		{2, users[2] + 31*day}, // back after 31 days: day 7 and day 30
		{2, users[2] + 1*day},
		{3, users[3] + 2*day}, // only in the first week: neither
		{5, users[5] + 40*day},
		{6, users[6] + 9*day},
	}
	for _, l := range logins {
		db.MustExec(t, `INSERT INTO logins (user_id, at) VALUES (?, ?)`, l.user, l.at)
	}
	return db
}

func retentionWithin(t *testing.T, r *Reports, weekStart time.Time, what string) (Retention, error) {
	t.Helper()
	var (
		got Retention
		err error
	)
	harness.Within(t, 2*time.Second, what, func() {
		got, err = r.WeeklyRetention(context.Background(), weekStart)
	})
	return got, err
}

func TestEmptyWeeksGiveConnectionBack(t *testing.T) {
	db := open(t, harness.MaxOpenConns(1))
	r := New(db.DB)
	if _, err := retentionWithin(t, r, empty, "WeeklyRetention for a week without signups"); !errors.Is(err, ErrEmptyCohort) {
		t.Fatalf("WeeklyRetention(%s) = %v, want ErrEmptyCohort", empty.Format(time.DateOnly), err)
	}
	got, err := retentionWithin(t, r, week, "the next WeeklyRetention call on a pool of one connection (the previous call hit a week without signups)")
	if want := (Retention{Cohort: 4, Day7: 2, Day30: 1}); err != nil || got != want {
		t.Fatalf("WeeklyRetention(%s) = %+v, %v; want %+v, nil", week.Format(time.DateOnly), got, err, want)
	}
	db.AssertNoLeakedConns(t)
}

func TestEmptyWeekLeavesNoConnectionCheckedOut(t *testing.T) {
	db := open(t)
	r := New(db.DB)
	for range 3 {
		if _, err := retentionWithin(t, r, empty, "WeeklyRetention for a week without signups"); !errors.Is(err, ErrEmptyCohort) {
			t.Fatalf("WeeklyRetention(%s) = %v, want ErrEmptyCohort", empty.Format(time.DateOnly), err)
		}
	}
	db.AssertNoLeakedConns(t)
}

func TestRetentionFigures(t *testing.T) {
	// One connection, so every call reuses the temporary table of the one before.
	db := open(t, harness.MaxOpenConns(1))
	r := New(db.DB)
	for _, tc := range []struct {
		week time.Time
		want Retention
	}{
		{week, Retention{Cohort: 4, Day7: 2, Day30: 1}},
		{prevWeek, Retention{Cohort: 1, Day7: 1, Day30: 1}},
		{week, Retention{Cohort: 4, Day7: 2, Day30: 1}},
	} {
		got, err := retentionWithin(t, r, tc.week, "WeeklyRetention")
		if err != nil || got != tc.want {
			t.Fatalf("WeeklyRetention(%s) = %+v, %v; want %+v, nil", tc.week.Format(time.DateOnly), got, err, tc.want)
		}
	}
	db.AssertNoLeakedConns(t)
}

func TestFailingStatementGivesConnectionBack(t *testing.T) {
	db := open(t, harness.MaxOpenConns(1))
	r := New(db.DB)
	// Any statement can fail in production (a lock timeout, a cancelled
	// request); here every statement that reads the logins does.
	db.FailStatements("logins")
	if _, err := retentionWithin(t, r, week, "WeeklyRetention while the logins cannot be read"); !errors.Is(err, harness.ErrInjectedStatement) {
		t.Fatalf("WeeklyRetention(%s) with failing login queries = %v, want the statement's error (harness.ErrInjectedStatement)", week.Format(time.DateOnly), err)
	}
	db.FailStatements("")
	got, err := retentionWithin(t, r, week, "the next WeeklyRetention call on a pool of one connection (the previous call returned a statement's error)")
	if want := (Retention{Cohort: 4, Day7: 2, Day30: 1}); err != nil || got != want {
		t.Fatalf("WeeklyRetention(%s) = %+v, %v; want %+v, nil", week.Format(time.DateOnly), got, err, want)
	}
	db.AssertNoLeakedConns(t)
}

func TestConcurrentReports(t *testing.T) {
	// The dashboard's API serves many users from one pool: reports for
	// different weeks run at the same time and must not see each other's
	// cohort.
	db := open(t)
	db.SetReadDelay(2 * time.Millisecond) // keep several reports in flight at once
	r := New(db.DB)
	weeks := []struct {
		start time.Time
		want  Retention
	}{
		{week, Retention{Cohort: 4, Day7: 2, Day30: 1}},
		{prevWeek, Retention{Cohort: 1, Day7: 1, Day30: 1}},
	}
	for round := range 3 {
		const n = 16
		got := make([]Retention, n)
		errs := make([]error, n)
		harness.Within(t, 5*time.Second, "16 concurrent WeeklyRetention calls", func() {
			harness.Concurrently(n, func(i int) {
				got[i], errs[i] = r.WeeklyRetention(context.Background(), weeks[i%2].start)
			})
		})
		for i := range n {
			w := weeks[i%2]
			if errs[i] != nil || got[i] != w.want {
				t.Fatalf("round %d: concurrent WeeklyRetention(%s) = %+v, %v; want %+v, nil: concurrent reports must each use their own cohort (a TEMP table belongs to one connection, so every statement of one report must run on the same connection, and no other report may use it meanwhile)",
					round+1, w.start.Format(time.DateOnly), got[i], errs[i], w.want)
			}
		}
	}
	db.AssertNoLeakedConns(t)
}
