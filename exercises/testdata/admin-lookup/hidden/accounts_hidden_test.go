package accounts

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"drill.workspace/harness"
)

const schema = `
CREATE TABLE users (
	id INTEGER PRIMARY KEY,
	org_id INTEGER NOT NULL,
	email TEXT,            -- NULL for accounts created by an SSO sync that has not run yet
	roles TEXT NOT NULL,
	created_at INTEGER NOT NULL
);
-- org 1: the admin is the second account, more accounts follow
INSERT INTO users (id, org_id, email, roles, created_at) VALUES
	(1, 1, 'mo@acme.test',    'member',        100),
	(2, 1, 'ines@acme.test',  'billing,admin', 110),
	(3, 1, 'li@acme.test',    'admin',         120),
	(4, 1, 'ola@acme.test',   'member',        130);
-- org 2: nobody is an admin
INSERT INTO users (id, org_id, email, roles, created_at) VALUES
	(10, 2, 'ann@beta.test',  'member',        100),
	(11, 2, 'bo@beta.test',   'billing',       105);
-- org 3: the oldest admin cannot be read into a string (NULL email)
INSERT INTO users (id, org_id, email, roles, created_at) VALUES
	(20, 3, NULL,             'admin',         100),
	(21, 3, 'cy@gamma.test',  'admin',         110),
	(22, 3, 'dee@gamma.test', 'member',        120);
-- org 4: ids and creation times disagree; the oldest admin wins
INSERT INTO users (id, org_id, email, roles, created_at) VALUES
	(30, 4, 'new@delta.test', 'admin',         500),
	(31, 4, 'old@delta.test', 'admin,billing', 200);
`

const budget = 2 * time.Second

// firstAdminWithin calls FirstAdmin and fails the test if it is still
// waiting (for a pooled connection) after budget. The call's results are
// read only after it returned, never from the abandoned goroutine.
func firstAdminWithin(t *testing.T, repo *Repo, org int64, what string) (string, error) {
	t.Helper()
	var (
		got string
		err error
	)
	harness.Within(t, budget, what, func() {
		got, err = repo.FirstAdmin(context.Background(), org)
	})
	return got, err
}

func TestFirstAdminGivesConnectionBack(t *testing.T) {
	db := harness.OpenDB(t, schema, harness.MaxOpenConns(1))
	repo := NewRepo(db.DB)
	for call := 1; call <= 3; call++ {
		what := fmt.Sprintf("FirstAdmin call %d of 3 on a pool of one connection (each earlier call found the admin and returned)", call)
		got, err := firstAdminWithin(t, repo, 1, what)
		if err != nil || got != "ines@acme.test" {
			t.Fatalf("FirstAdmin(org 1) = %q, %v; want \"ines@acme.test\", nil", got, err)
		}
	}
	db.AssertNoLeakedConns(t)
}

func TestFirstAdminScanErrorGivesConnectionBack(t *testing.T) {
	db := harness.OpenDB(t, schema, harness.MaxOpenConns(1))
	repo := NewRepo(db.DB)
	// The oldest admin of org 3 has a NULL email. Reporting that as an
	// error is right, and so is skipping to the next admin who can be
	// paged; reporting "no admin" or an empty address is not.
	got, err := firstAdminWithin(t, repo, 3, "FirstAdmin on an organisation whose oldest admin has a NULL email")
	switch {
	case errors.Is(err, ErrNoAdmin):
		t.Fatalf("FirstAdmin(org 3) = %v; org 3 has admins, want the Scan error for the NULL email (or the next admin, cy@gamma.test)", err)
	case err == nil && got != "cy@gamma.test":
		t.Fatalf("FirstAdmin(org 3) = %q, nil; want the Scan error for the NULL email (or the next admin, cy@gamma.test)", got)
	}
	got, err = firstAdminWithin(t, repo, 1, "the next FirstAdmin call on a pool of one connection (the previous call met a NULL email and returned)")
	if err != nil || got != "ines@acme.test" {
		t.Fatalf("FirstAdmin(org 1) = %q, %v; want \"ines@acme.test\", nil", got, err)
	}
	db.AssertNoLeakedConns(t)
}

func TestFirstAdminQueryErrorIsReturned(t *testing.T) {
	db := harness.OpenDB(t, schema)
	repo := NewRepo(db.DB)
	ctx, cancel := context.WithCancel(context.Background())
	cancel() // the alert was withdrawn before the lookup started: the query itself fails
	var (
		got      string
		err      error
		panicked any
	)
	func() {
		defer func() { panicked = recover() }()
		got, err = repo.FirstAdmin(ctx, 1)
	}()
	if panicked != nil {
		t.Fatalf("FirstAdmin with a cancelled context panicked (%v) instead of returning the query's error: is something deferred on rows before the QueryContext error check?", panicked)
	}
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("FirstAdmin with a cancelled context = %q, %v; want an error wrapping context.Canceled", got, err)
	}
	db.AssertNoLeakedConns(t)
}

func TestFirstAdminFindsTheLongestStandingAdmin(t *testing.T) {
	db := harness.OpenDB(t, schema)
	repo := NewRepo(db.DB)
	for _, tc := range []struct {
		org  int64
		want string
	}{
		{1, "ines@acme.test"}, // "billing,admin" counts, "member" does not
		{4, "old@delta.test"}, // oldest by created_at, not by id
	} {
		got, err := repo.FirstAdmin(context.Background(), tc.org)
		if err != nil || got != tc.want {
			t.Errorf("FirstAdmin(org %d) = %q, %v; want %q, nil", tc.org, got, err, tc.want)
		}
		db.AssertNoLeakedConns(t)
	}
}

func TestFirstAdminNoAdmin(t *testing.T) {
	db := harness.OpenDB(t, schema)
	repo := NewRepo(db.DB)
	for _, org := range []int64{2, 99} { // members only; no users at all
		got, err := repo.FirstAdmin(context.Background(), org)
		if !errors.Is(err, ErrNoAdmin) {
			t.Errorf("FirstAdmin(org %d) = %q, %v; want ErrNoAdmin", org, got, err)
		}
		db.AssertNoLeakedConns(t)
	}
}
