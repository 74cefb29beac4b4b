// Package lostupdate reports a row's value read with a SELECT, changed in
// Go and written back with an UPDATE, with nothing stopping a concurrent
// writer in between.
//
// # Analyzer lostupdate
//
// lostupdate: row read, changed in Go and written back outside a lock or a condition
//
// A function that reads a column (SELECT available FROM stock ...), computes
// the new value in Go (available - qty) and writes it back as an absolute
// value (UPDATE stock SET available = $1 ...) loses updates under load: two
// requests both read 10, both write 9, and one of the two reservations,
// payments or votes vanishes without an error. A single-request test never
// shows it. The database can do the check and the change in one statement
// (UPDATE stock SET available = available - $1 WHERE sku = $2 AND
// available >= $1, then look at RowsAffected), or the transaction can lock
// the row it reads (SELECT ... FOR UPDATE) so the second request waits.
//
// The check looks at one function at a time. It reports an UPDATE with
// constant text that sets a column to a bare placeholder ($n or ?) when an
// earlier SELECT with constant text, on the same table, scanned that column
// into a numeric Go variable (through QueryRow, Query, their Context forms
// and Scan, or sqlx's Get), and the UPDATE's argument is computed from that
// variable: an arithmetic expression of it, a function of it, a variable
// assigned from one, or the variable itself after available -= qty. Both
// statements must run on the *sql.DB pool (each its own transaction), or
// in a transaction the function begins itself at the default isolation
// level.
//
// Bad:
//
//	var available int
//	err := db.QueryRowContext(ctx, `SELECT available FROM stock WHERE sku = $1`, sku).Scan(&available)
//	...
//	if available < qty {
//		return ErrOutOfStock
//	}
//	_, err = db.ExecContext(ctx, `UPDATE stock SET available = $1 WHERE sku = $2`, available-qty, sku)
//
// Good:
//
//	res, err := db.ExecContext(ctx,
//		`UPDATE stock SET available = available - $1 WHERE sku = $2 AND available >= $1`, qty, sku)
//	...
//	if n, _ := res.RowsAffected(); n == 0 {
//		return ErrOutOfStock
//	}
//
// What it deliberately does not report: a SELECT ... FOR UPDATE, FOR SHARE,
// FOR NO KEY UPDATE or LOCK IN SHARE MODE inside a transaction (the row
// stays locked until it ends; on the pool the lock ends with the SELECT, and
// that is reported); a transaction begun with sql.TxOptions{Isolation:
// sql.LevelSerializable} or stronger; a conditional UPDATE whose WHERE
// mentions the column itself or a version column (version, *_version,
// updated_at, etag), the optimistic check, whether or not RowsAffected is
// looked at; a relative UPDATE (SET available = available - $1), which is
// the fix; a Go sync.Mutex locked before the SELECT and not unlocked before
// the UPDATE (it does not protect a second replica, but it is a deliberate
// choice the analyzer leaves to the reader); statements run on a
// transaction, connection or interface the function did not begin itself,
// since the caller may have locked the row or chosen the isolation level;
// a value scanned and written back unchanged, and values that are not
// numbers (a record being edited and saved, not a counter being moved);
// text that is not constant, a join, a subquery, SELECT *, named
// placeholders, a call spreading args...; a read in one function and the
// write in another, or in a function literal of its own; and test files.
// Double-checked lazy initialisation (if cache == nil { cache = build() }
// in a handler) is the same race in memory: sharedwrite reports it.
package lostupdate
