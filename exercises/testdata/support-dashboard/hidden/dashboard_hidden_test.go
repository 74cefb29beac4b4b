package dashboard

import (
	"encoding/json"
	"fmt"
	"net/http"
	"reflect"
	"strings"
	"testing"

	"drill.workspace/harness"
)

const schema = `
CREATE TABLE teams (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE);
CREATE TABLE tickets (
	id INTEGER PRIMARY KEY,
	team_id INTEGER NOT NULL REFERENCES teams(id),
	status TEXT NOT NULL,   -- open | closed
	priority TEXT NOT NULL  -- normal | urgent
);`

// seed stores n teams (ids in the reverse of name order) with a varied
// backlog and returns the dashboard rows expected, by team name.
// Team k has k%4 open normal tickets, k%3 open urgent ones and 2 closed
// urgent ones, so teams 00 and 12 have no open ticket at all.
func seed(t *testing.T, db *harness.DB, n int) []TeamLoad {
	t.Helper()
	want := make([]TeamLoad, n)
	for k := 0; k < n; k++ {
		id := n - k
		name := fmt.Sprintf("team-%02d", k)
		db.MustExec(t, `INSERT INTO teams (id, name) VALUES (?, ?)`, id, name)
		for j := 0; j < k%4; j++ {
			db.MustExec(t, `INSERT INTO tickets (team_id, status, priority) VALUES (?, 'open', 'normal')`, id)
		}
		for j := 0; j < k%3; j++ {
			db.MustExec(t, `INSERT INTO tickets (team_id, status, priority) VALUES (?, 'open', 'urgent')`, id)
		}
		db.MustExec(t, `INSERT INTO tickets (team_id, status, priority) VALUES (?, 'closed', 'urgent'), (?, 'closed', 'normal')`, id, id)
		want[k] = TeamLoad{Team: name, Open: k%4 + k%3, Urgent: k % 3}
	}
	return want
}

func get(t *testing.T, db *harness.DB) []TeamLoad {
	t.Helper()
	srv := harness.NewServer(t, &Handler{DB: db.DB})
	resp, err := http.Get(srv.URL + "/dashboard")
	if err != nil {
		t.Fatalf("GET /dashboard: %v", err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("GET /dashboard: status %d, want 200", resp.StatusCode)
	}
	if ct := resp.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
		t.Fatalf("GET /dashboard: Content-Type %q, want application/json", ct)
	}
	var out []TeamLoad
	if err := json.NewDecoder(resp.Body).Decode(&out); err != nil {
		t.Fatalf("GET /dashboard: decoding the body: %v", err)
	}
	return out
}

func TestDashboardQueryCount(t *testing.T) {
	db := harness.OpenDB(t, schema)
	seed(t, db, 30)
	db.ResetQueries()

	rows := get(t, db)
	if len(rows) != 30 {
		t.Fatalf("GET /dashboard listed %d teams, want 30", len(rows))
	}
	if n := db.QueryCount(); n > 2 {
		q := db.Queries()
		t.Fatalf("one GET /dashboard ran %d queries for %d teams: a COUNT query per team (N+1). With 80 agents refreshing every 10s that is ~%d queries/s for one screen; aggregate with GROUP BY in one query. Statements sent:\n  %s\n  %s\n  ...",
			n, len(rows), n*8, q[0], q[1])
	}
	db.AssertNoLeakedConns(t)
}

func TestDashboardCounts(t *testing.T) {
	db := harness.OpenDB(t, schema)
	want := seed(t, db, 13)

	got := get(t, db)
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("GET /dashboard =\n  %+v\nwant\n  %+v\n(every team by name, counting only open tickets)", got, want)
	}
}

func TestDashboardTeamsWithoutOpenTickets(t *testing.T) {
	db := harness.OpenDB(t, schema)
	db.MustExec(t, `INSERT INTO teams (id, name) VALUES (1, 'billing'), (2, 'onboarding'), (3, 'api')`)
	db.MustExec(t, `INSERT INTO tickets (team_id, status, priority) VALUES (1, 'open', 'urgent'), (2, 'closed', 'urgent'), (2, 'closed', 'normal')`)
	want := []TeamLoad{{Team: "api"}, {Team: "billing", Open: 1, Urgent: 1}, {Team: "onboarding"}}

	got := get(t, db)
	if len(got) < len(want) {
		t.Fatalf("GET /dashboard = %+v, want %+v: teams with no open ticket disappeared (an outer join filtered in WHERE becomes an inner join; they must still show 0)", got, want)
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("GET /dashboard = %+v, want %+v", got, want)
	}
}

func TestDashboardNoTeams(t *testing.T) {
	db := harness.OpenDB(t, schema)
	if got := get(t, db); len(got) != 0 {
		t.Fatalf("GET /dashboard with no teams = %+v, want an empty list", got)
	}
}
