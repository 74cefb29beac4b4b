package txerror

import "testing"

func TestReadOnlySQL(t *testing.T) {
	for _, tc := range []struct {
		text string
		want bool
	}{
		{`SELECT id, title FROM entries WHERE id = $1`, true},
		{"  -- comment\n /* c */ (select 1) union (select 2);  -- end", true},
		{`WITH p AS (SELECT id, lag(id) OVER (ORDER BY id) AS prev FROM e) SELECT prev FROM p WHERE id = $1`, true},
		{`SELECT 'delete', "update" FROM t WHERE note = 'it''s for update'`, true},
		{"SELECT `into` FROM t", true},
		{`SELECT * FROM t WHERE id = ? FOR UPDATE`, false},
		{`SELECT * FROM t FOR NO KEY UPDATE`, false},
		{`SELECT * FROM t FOR KEY SHARE`, false},
		{`SELECT * FROM t LOCK IN SHARE MODE`, false},
		{`WITH d AS (DELETE FROM q RETURNING id) SELECT id FROM d`, false},
		{`WITH x AS (SELECT 1) INSERT INTO t SELECT * FROM x`, false},
		{`SELECT * INTO backup FROM t`, false},
		{`SELECT 1; DELETE FROM t`, false},
		{`SELECT 1; 'x'`, false},
		{`UPDATE t SET a = 1`, false},
		{`INSERT INTO t VALUES (1) RETURNING id`, false},
		{`EXPLAIN SELECT 1`, false},
		{`SELECT 'unterminated`, false},
		{`SELECT 'a\' DELETE FROM t --'`, false},
		{`SELECT $$; DELETE FROM t; $$`, false},
		{`/* unterminated SELECT 1`, false},
		{`/* a /* nested */ DELETE */ SELECT 1`, false},
		{``, false},
	} {
		if got := readOnlySQL(tc.text); got != tc.want {
			t.Errorf("readOnlySQL(%q) = %v, want %v", tc.text, got, tc.want)
		}
	}
}
