package lostupdate

import (
	"regexp"
	"strconv"
	"strings"
)

// What the SQL text of a call says: which columns a SELECT reads from which
// table, which columns an UPDATE sets to a bare placeholder, and whether
// its WHERE clause makes the write conditional. The parser is deliberately
// small: a statement it does not understand is no statement at all, so it
// can only make the analyzer miss, never cry wolf.

// selectStmt is a single-table SELECT whose columns are listed.
type selectStmt struct {
	table   string
	columns []string // column i feeds Scan argument i; "" for an expression
	locking bool     // FOR UPDATE / FOR SHARE / FOR NO KEY UPDATE / LOCK IN SHARE MODE
}

// setClause is one `col = <placeholder>` of an UPDATE.
type setClause struct {
	column string
	arg    int // index among the call's arguments after the text
}

// updateStmt is a single-table UPDATE.
type updateStmt struct {
	table string
	sets  []setClause // only the assignments of a bare placeholder
	where string      // the normalised WHERE clause, "" when there is none
}

var (
	lineComment  = regexp.MustCompile(`--[^\n]*`)
	blockComment = regexp.MustCompile(`(?s)/\*.*?\*/`)
	quotedString = regexp.MustCompile(`'(?:[^']|'')*'`)
	identQuotes  = strings.NewReplacer(`"`, "", "`", "", "[", "", "]", "")
	spaces       = regexp.MustCompile(`\s+`)

	selectRe = regexp.MustCompile(`^select\s+(.+?)\s+from\s+([a-z_][a-z0-9_.]*)(?:\s+(?:as\s+)?([a-z_][a-z0-9_]*))?(\s.*)?$`)
	updateRe = regexp.MustCompile(`^update\s+(?:or\s+[a-z]+\s+)?([a-z_][a-z0-9_.]*)(?:\s+(?:as\s+)?([a-z_][a-z0-9_]*))?\s+set\s+(.+)$`)
	lockRe   = regexp.MustCompile(`\bfor\s+(?:update|share|no\s+key\s+update|key\s+share)\b|\block\s+in\s+share\s+mode\b`)
	columnRe = regexp.MustCompile(`^(?:[a-z_][a-z0-9_]*\.)?([a-z_][a-z0-9_]*)(?:\s+(?:as\s+)?[a-z_][a-z0-9_]*)?$`)
	targetRe = regexp.MustCompile(`^(?:[a-z_][a-z0-9_]*\.)?([a-z_][a-z0-9_]*)$`)
	dollarRe = regexp.MustCompile(`^\$([1-9][0-9]*)$`)
	wordRe   = regexp.MustCompile(`[a-z_][a-z0-9_]*`)

	// Words that may follow a table name but are not its alias.
	clauseWords = map[string]bool{
		"where": true, "order": true, "group": true, "limit": true, "for": true,
		"join": true, "inner": true, "left": true, "right": true, "full": true,
		"cross": true, "natural": true, "having": true, "offset": true, "union": true,
		"set": true, "lock": true, "window": true, "fetch": true,
	}
)

// normalise lowercases sql, drops comments, empties string literals (so a
// '?' or a keyword inside one is not read as SQL), unquotes identifiers and
// collapses white space.
func normalise(sql string) string {
	s := blockComment.ReplaceAllString(sql, " ")
	s = lineComment.ReplaceAllString(s, " ")
	s = quotedString.ReplaceAllString(s, "''")
	s = identQuotes.Replace(strings.ToLower(s))
	s = spaces.ReplaceAllString(s, " ")
	return strings.TrimSuffix(strings.TrimSpace(s), ";")
}

// parseSelect returns the SELECT sql is, or false for anything else: a
// join, a subquery or CTE, several tables, SELECT *, a UNION.
func parseSelect(sql string) (selectStmt, bool) {
	s := normalise(sql)
	m := selectRe.FindStringSubmatch(s)
	if m == nil || strings.Contains(s, " union ") {
		return selectStmt{}, false
	}
	cols, rest := m[1], m[4]
	if m[3] != "" && clauseWords[m[3]] {
		rest = " " + m[3] + rest
	}
	// Another table after the first (a join, a comma list) or a subquery:
	// the columns may come from elsewhere.
	if strings.HasPrefix(strings.TrimSpace(rest), ",") || strings.Contains(rest, " join ") ||
		strings.Contains(rest, "select ") || strings.HasPrefix(cols, "distinct ") {
		return selectStmt{}, false
	}
	st := selectStmt{table: bareName(m[2]), locking: lockRe.MatchString(rest)}
	for _, c := range splitTop(cols) {
		c = strings.TrimSpace(c)
		if c == "*" || strings.HasSuffix(c, ".*") {
			return selectStmt{}, false // columns unknown
		}
		col := ""
		if cm := columnRe.FindStringSubmatch(c); cm != nil {
			col = cm[1]
		}
		st.columns = append(st.columns, col)
	}
	return st, true
}

// parseUpdate returns the UPDATE sql is, or false. Its sets are the
// assignments `col = $n` or `col = ?` only: `col = col - $1` is the fix,
// not the bug, and an expression is not a value computed in Go.
func parseUpdate(sql string) (updateStmt, bool) {
	s := normalise(sql)
	m := updateRe.FindStringSubmatch(s)
	if m == nil || (m[2] != "" && m[2] != "set" && clauseWords[m[2]]) {
		return updateStmt{}, false
	}
	numbered, positional := strings.Contains(s, "$"), strings.Contains(s, "?")
	if numbered == positional {
		return updateStmt{}, false // no placeholder, or both styles: cannot map arguments
	}
	st := updateStmt{table: bareName(m[1])}
	body := m[3]
	assigns, where := body, ""
	if i := topLevelWord(body, "where"); i >= 0 {
		assigns, where = body[:i], body[i+len("where"):]
	}
	if i := topLevelWord(assigns, "from"); i >= 0 {
		assigns = assigns[:i] // PostgreSQL's UPDATE ... SET ... FROM other
	}
	if i := topLevelWord(where, "returning"); i >= 0 {
		where = where[:i]
	}
	st.where = strings.TrimSpace(where)
	offset := 0 // '?' seen before the SET list: none, UPDATE starts with it
	for _, a := range splitTop(assigns) {
		lhs, rhs, ok := strings.Cut(a, "=")
		if !ok {
			return updateStmt{}, false
		}
		rhs = strings.TrimSpace(rhs)
		target := targetRe.FindStringSubmatch(strings.TrimSpace(lhs))
		if target == nil {
			return updateStmt{}, false // SET (a, b) = (...)
		}
		arg := -1
		if positional && rhs == "?" {
			arg = offset
		} else if dm := dollarRe.FindStringSubmatch(rhs); numbered && dm != nil {
			n, _ := strconv.Atoi(dm[1])
			arg = n - 1
		}
		offset += strings.Count(rhs, "?")
		if arg >= 0 {
			st.sets = append(st.sets, setClause{column: target[1], arg: arg})
		}
	}
	return st, true
}

// conditional reports whether the WHERE clause makes the write depend on
// what was read: it compares the column itself (available = $3,
// available >= $1) or a version column (version, lock_version, updated_at,
// etag), the optimistic-concurrency check.
func (u updateStmt) conditional(column string) bool {
	for _, w := range wordRe.FindAllString(u.where, -1) {
		if w == column || w == "version" || strings.HasSuffix(w, "_version") || w == "updated_at" || w == "etag" {
			return true
		}
	}
	return false
}

// bareName drops a schema qualifier: public.stock is stock.
func bareName(name string) string {
	if i := strings.LastIndexByte(name, '.'); i >= 0 {
		return name[i+1:]
	}
	return name
}

// splitTop splits s at the commas outside parentheses.
func splitTop(s string) []string {
	var out []string
	depth, start := 0, 0
	for i, r := range s {
		switch r {
		case '(':
			depth++
		case ')':
			depth--
		case ',':
			if depth == 0 {
				out = append(out, s[start:i])
				start = i + 1
			}
		}
	}
	return append(out, s[start:])
}

// topLevelWord returns the index of the keyword word in s outside
// parentheses, as a whole word, or -1.
func topLevelWord(s, word string) int {
	depth := 0
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '(':
			depth++
		case ')':
			depth--
		}
		if depth != 0 || !strings.HasPrefix(s[i:], word) {
			continue
		}
		before := i == 0 || !isWordByte(s[i-1])
		after := i+len(word) == len(s) || !isWordByte(s[i+len(word)])
		if before && after {
			return i
		}
	}
	return -1
}

func isWordByte(b byte) bool {
	return b == '_' || b >= 'a' && b <= 'z' || b >= '0' && b <= '9'
}
