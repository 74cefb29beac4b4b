// Package sqlinject reports SQL statements whose text is built from values
// that do not come from the program's own constants: the shape behind SQL
// injection.
//
// # Analyzer sqlinject
//
// sqlinject: query text built from non-constant values (SQL injection)
//
// A query whose text is assembled with +, fmt.Sprintf, strings.Builder or
// strings.Join from a value the code does not control (a parameter, a request
// field, a struct field, a function result) lets that value rewrite the
// statement: a quote ends the string literal and the rest runs as SQL
// (' OR '1'='1, a UNION SELECT from another table, ; DROP TABLE). This check
// follows the query argument of Query, QueryRow, Exec and Prepare (and their
// Context forms) on *sql.DB, *sql.Tx, *sql.Conn and interfaces with those
// methods (and sqlx's Select, Get, Queryx, NamedExec, ...) back through
// local variables, struct fields and same-package
// helpers to where each piece comes from. It is silent when every piece is
// a constant, a number, a strconv conversion of one, hex.EncodeToString of
// anything (hex digits only), a name or literal a driver has quoted
// (pq.QuoteIdentifier, pq.QuoteLiteral, pgx.Identifier.Sanitize) or the
// package's own helper of the same shape (every return wraps the parameter
// in a quote character after doubling that character inside), a lookup
// in an allow-list (a map or slice of constant strings, or a variable that
// a switch only assigns constants to), and when a query is merely passed
// through unchanged. A value (a variable, a field such as req.Sort, or an
// expression such as strings.TrimPrefix(s, "-")) is also safe where a check
// on that same expression guards it: a map of constant keys (!allowed[v],
// _, ok := allowed[v]), slices.Contains on constants (or the package's
// own loop-and-compare helper of that shape), comparisons with
// constants, a switch on it with constant cases (inside a case, or after a
// default that returns), or a regexp anchored with ^ and $ that admits only
// letters, digits, '_' and '.'. The check must exit (return, continue,
// panic) or assign a constant fallback, and must come before the use with
// no unchecked assignment in between; an unanchored regexp, a check that
// only logs, or one placed after the use protects nothing.
//
// Where a value comes from decides, not its being a variable:
//
//   - a helper's result is judged by what the helper returns there, each
//     result on its own (clause, args := inClause(ids));
//   - an unexported struct field is judged by every write to it in the
//     package, so a query builder whose conditions are all constant
//     fragments with numbered placeholders ("e.id = $"+strconv.Itoa(n)) is
//     safe, and one method appending its caller's text taints every read;
//   - a field of the method's receiver, directly or nested (s.table,
//     s.cfg.Schema), is configuration the program chose;
//   - an exported field is as safe as the value it is read from: a literal
//     of constants or a trusted builder's result, but not a parameter or
//     something a decoder filled (json.Decode(&req));
//   - a parameter of an unexported function, or of a function literal bound
//     to a variable, is judged by what every call site passes, as long as
//     the function is only ever called directly (never handed out as a
//     value); parameters of exported functions and methods are the API's
//     input and are not constant;
//   - results of the module's own packages (a filter compiler, a WHERE
//     builder filling a *[]string) are trusted, unless the call is handed
//     the request (an *http.Request, its URL, form or headers, or a struct
//     wrapping one): those are sources, wherever they live. Packages of
//     other modules stay untrusted.
//
// What it deliberately does not report: SQL built in test code (_test.go
// files, and helpers with a testing parameter) (a
// test builds statements from its own fixtures; nothing an attacker
// controls reaches them); text a module package compiled from user input,
// whose placeholders only that package's review can vouch for. It does
// report a parameter of an exported function even when every caller passes
// a constant: callers in other packages cannot be seen from here.
//
// Bad:
//
//	q := "SELECT id, name FROM users WHERE name LIKE '%" + term + "%' ORDER BY " + sort
//	rows, err := db.QueryContext(ctx, q)
//
// Good:
//
//	var sortColumns = map[string]string{"name": "name", "newest": "created_at DESC"}
//
//	col, ok := sortColumns[sort]
//	if !ok {
//		return nil, ErrBadSort
//	}
//	q := "SELECT id, name FROM users WHERE name LIKE ? ORDER BY " + col
//	rows, err := db.QueryContext(ctx, q, "%"+term+"%")
package sqlinject
