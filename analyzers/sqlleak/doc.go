// Package sqlleak reports database/sql resources that are not released on
// every path: rows, prepared statements, dedicated connections and pools
// that are not closed, and transactions that are neither committed nor
// rolled back.
//
// # Analyzer sqlleak
//
// sqlleak: sql rows, stmts, conns, txs or pools left open on a path
//
// A *sql.Rows, *sql.Stmt or *sql.Conn holds a pooled connection until it is
// closed, a *sql.Tx holds one (plus its row locks) until it is committed
// or rolled back, and a *sql.DB opened with sql.Open is a whole pool with a
// background goroutine. Leaving one open on a single error path is enough: under
// load every failing request pins another connection, the pool runs dry, and
// the whole service stalls waiting for connections that never come back.
// A "for rows.Next()" loop that runs to the end releases its rows, and so
// does QueryRow(...).Scan; early exits from inside the loop do not. The
// check follows values through SSA, treats a value that is returned, stored
// or handed to an unknown function as someone else's responsibility, and
// uses facts to learn which helpers close what they are given.
//
// Some shapes are deliberately not reported. A pool opened in main is not,
// because the process exit closes it. Nor is a pool left open on the error
// returns of its own constructor: a function that opens a *sql.DB, returns
// it (alone or inside its result) with a nil error on success, and returns
// an error without closing it when its setup fails, for example when Ping
// fails. Run once at startup, such a failure ends the process and loses
// nothing. What leaks is a retry: each failed attempt leaves a pool's
// goroutine behind. So the report goes to the call instead, when it runs
// again after a failure, either in a loop whose failure path leads back to
// it or in an HTTP handler. Functions that return the constructor's error
// pass this on to their own callers. A transaction begun in a loop only
// when a counter is zero (`if n == 0 { tx, err = db.Begin() }`) is not
// reported as begun again while open, as long as every path that still
// holds it has incremented the counter since. The counter must be an int,
// int64, uint or uint64, because a narrower one could wrap around to zero.
// Test code (_test.go files, and helpers with a *testing.T or testing.TB
// parameter wherever they live) is not checked: what a test leaves open
// lives only as long as the test binary.
//
// A resource handed to a helper that only reads it (it neither closes,
// stores, returns nor passes it on) is still the caller's to close, and a
// cleanup closure (`cleanup := func() { rows.Close() }`) releases only where
// it is called or deferred. A *sql.Conn whose setup statement fails must be
// closed on that error return even when it is returned or stored on
// success: unlike a pool left by a failed constructor, it is a connection
// taken out of the pool for good. Some closure shapes stay silent on
// purpose: a variable holding the resource that is assigned more than once,
// or captured by a closure set up before the resource is acquired (a
// deferred `if rows != nil { rows.Close() }`), or whose address is taken;
// and a cleanup closure that is returned, stored, passed to a function or
// run in a goroutine, since whoever gets it may call it.
//
// github.com/jmoiron/sqlx is covered: its *sqlx.Rows, *sqlx.Stmt, *sqlx.Tx
// and *sqlx.Conn embed database/sql's types, and *sqlx.NamedStmt holds an
// *sqlx.Stmt, so they are tracked as the resource they wrap. Rows from
// Queryx, QueryxContext, NamedQuery and NamedQueryContext (on a pool, a
// connection, a transaction or a prepared statement) and from a named
// statement's Query; statements from Preparex and PrepareNamed on a pool;
// transactions from Beginx, BeginTxx, MustBegin and MustBeginTx; and
// connections from Connx. rows.Close() (or rows.Rows.Close()) releases,
// and a StructScan, MapScan or SliceScan loop is read like a Next and
// Scan loop. Get and Select close their rows before they return, and a
// QueryRowx row closes itself, so they are never reported. Statements
// prepared on an *sqlx.Tx close with the transaction, as with database/sql.
// Left silent on purpose: rows handed to sqlx's package functions
// (sqlx.StructScan(rows, &out) reads them to the end, but not when a row
// fails to scan), a wrapper copied by Unsafe() (the copy may be what is
// closed), and an *sqlx.DB, whose pool is not tracked (sqlx.Open,
// sqlx.Connect and a pool handed to sqlx.NewDb are not reported). sqlx's
// interfaces (Queryer, Ext, ...) are not recognised as sources.
//
// Bad:
//
//	rows, err := db.QueryContext(ctx, "SELECT email, role FROM users")
//	if err != nil {
//		return "", err
//	}
//	for rows.Next() {
//		var email, role string
//		if err := rows.Scan(&email, &role); err != nil {
//			return "", err // rows still open
//		}
//		if role == "admin" {
//			return email, nil // rows still open
//		}
//	}
//	return "", rows.Err()
//
// Good:
//
//	rows, err := db.QueryContext(ctx, "SELECT email, role FROM users")
//	if err != nil {
//		return "", err
//	}
//	defer rows.Close()
package sqlleak
