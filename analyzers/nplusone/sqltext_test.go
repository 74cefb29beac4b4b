package nplusone

import (
	"maps"
	"testing"
)

func TestClassify(t *testing.T) {
	for _, tc := range []struct {
		text string
		want stmtKind
	}{
		{`SELECT 1`, kindSelect},
		{"  -- leading comment\n  select name from users", kindSelect},
		{`/* hint */ INSERT INTO t (a) VALUES (?) RETURNING id`, kindInsert},
		{`INSERT INTO t (a) VALUES ($1) ON CONFLICT (a) DO UPDATE SET a = excluded.a RETURNING id`, kindInsert},
		{`REPLACE INTO t (a) VALUES (?)`, kindInsert},
		{`INSERT INTO archive SELECT * FROM posts WHERE id = ?`, kindInsert},
		{`WITH moved AS (DELETE FROM queue WHERE id = $1 RETURNING *) INSERT INTO done SELECT * FROM moved`, kindInsert},
		{`WITH RECURSIVE t(n) AS (SELECT 1 UNION SELECT n+1 FROM t) SELECT n FROM t`, kindSelect},
		{`(SELECT a FROM x) UNION (SELECT a FROM y)`, kindSelect},
		{`UPDATE posts SET a = 1 WHERE id = ?`, kindUpdate},
		{`DELETE FROM posts WHERE id = ?`, kindDelete},
		{`CREATE TABLE t (id int)`, kindSchema},
		{`PRAGMA table_info(t)`, kindUnknown},
		{``, kindUnknown},
	} {
		if got := classify(lexSQL(tc.text)); got != tc.want {
			t.Errorf("classify(%q) = %d, want %d", tc.text, got, tc.want)
		}
	}
}

func TestWhereKeys(t *testing.T) {
	for _, tc := range []struct {
		text string
		want map[int]string
		ok   bool
	}{
		{`SELECT name FROM users WHERE id = ?`, map[int]string{0: "id"}, true},
		{`SELECT true FROM feeds WHERE user_id=$1 AND feed_url=$2 LIMIT 1`, map[int]string{0: "user_id", 1: "feed_url"}, true},
		{"DELETE FROM `attachment` WHERE `id` = ?", map[int]string{0: "id"}, true},
		{`SELECT u.name FROM posts p JOIN users u ON u.id = p.author_id WHERE p.id = $1`, map[int]string{0: "p.id"}, true},
		// SET comes before WHERE: not a key.
		{`UPDATE t SET version = ? WHERE singleton = 1`, map[int]string{}, true},
		{`UPDATE t SET a = $1 WHERE id = $2`, map[int]string{1: "id"}, true},
		// A ? inside a string literal is not a placeholder.
		{`SELECT a FROM t WHERE note = 'why?' AND id = ?`, map[int]string{0: "id"}, true},
		// Casts do not start a named placeholder.
		{`SELECT a FROM t WHERE id = $1::uuid`, map[int]string{0: "id"}, true},
		// Comparisons other than equality, and subqueries, are not keys.
		{`SELECT a FROM t WHERE created >= ? AND id IN (SELECT id FROM u WHERE x = ?)`, map[int]string{}, true},
		// One argument in two places: not one column's key.
		{`SELECT a FROM t WHERE a = $1 OR b = $1`, map[int]string{}, true},
		{`SELECT a FROM t WHERE id = :id`, nil, false},
		{`SELECT a FROM t WHERE id = ? AND b = $2`, nil, false},
	} {
		got, ok := whereKeys(lexSQL(tc.text))
		if ok != tc.ok || !maps.Equal(got, tc.want) {
			t.Errorf("whereKeys(%q) = %v, %v; want %v, %v", tc.text, got, ok, tc.want, tc.ok)
		}
	}
}

func TestClaims(t *testing.T) {
	for _, tc := range []struct {
		text string
		want bool
	}{
		{`UPDATE jobs SET state = 'running' WHERE id IN (SELECT id FROM jobs LIMIT 10) RETURNING id`, true},
		{`DELETE FROM queue WHERE id = (SELECT min(id) FROM queue) RETURNING payload`, true},
		{`SELECT id FROM jobs WHERE state = 'queued' LIMIT 10 FOR UPDATE SKIP LOCKED`, true},
		{`SELECT id FROM jobs WHERE state = 'queued'`, false},
		{`SELECT id FROM jobs FOR UPDATE`, false},
		{`INSERT INTO jobs (a) VALUES (?) RETURNING id`, false},
		{`SELECT 'SKIP LOCKED' FROM t`, false},
	} {
		if got := claims(lexSQL(tc.text)); got != tc.want {
			t.Errorf("claims(%q) = %v, want %v", tc.text, got, tc.want)
		}
	}
}
