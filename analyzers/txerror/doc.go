// Package txerror reports transaction errors that are swallowed: a Commit
// whose error is dropped, a statement whose failure still lets the
// transaction commit, statements sent to the pool while a transaction is
// open, a Begin whose error is ignored, and a transaction used where its
// Begin failed.
//
// # Analyzer txerror
//
// txerror: transaction errors swallowed or committed past
//
// A transaction is all or nothing only if every failure stops it. When a
// statement's error is merely logged and the code falls through to Commit,
// the half of the change that worked is committed (money debited, never
// credited). When Commit's own error is dropped, the caller reports success
// for data that was never saved (Commit is where deferred constraints and
// serialization failures surface). Statements sent to the *sql.DB while a
// transaction is open run outside it: they are not rolled back with it, see
// a different snapshot, and need a second pooled connection, which deadlocks
// a pool of one. When Begin fails it returns a nil *sql.Tx, and every
// method of a nil *sql.Tx panics: a `defer tx.Rollback()` registered before
// the error check, or a Rollback on the failure branch, turns a refused
// connection into a crash. This check follows each error through SSA to see
// whether a path with the error still set reaches Commit, and each Begin's
// transaction into the branches where its error is not nil.
//
// It does not report a dropped, deferred or only-logged Commit error on a
// transaction that only reads. Every statement has already returned its
// rows by then, and Commit gives the connection back even when it fails,
// so nothing is lost. A transaction counts as read-only only when it was
// begun in the same function and every use of it is one of these: a Query
// or QueryRow whose text is a constant plain SELECT (or WITH ... SELECT),
// or fmt.Sprintf of such a constant format (a column filled in), a helper
// that only does such reads on it, Commit, or Rollback. A plain
// read has no FOR UPDATE or FOR SHARE, no INTO, no INSERT, UPDATE, DELETE
// or MERGE in a CTE, and no second statement. Everything else keeps the
// report: an Exec, a prepared or bound statement, other SQL text built at
// run time (a format that is not a constant), a transaction handed in
// by the caller, or one captured by a closure. One known gap: a SELECT
// that calls a function which writes is taken for a read.
//
// Transactions begun through github.com/jmoiron/sqlx are checked the same
// way: an *sqlx.Tx from Beginx, BeginTxx, MustBegin or MustBeginTx embeds
// the *sql.Tx, and sqlx's own statements on it (NamedExec, Select, Get,
// Queryx, NamedQuery, Preparex, a QueryRowx's Scan or StructScan, and the
// statements prepared on it) count like database/sql's. MustBegin and
// MustBeginTx panic instead of returning an error, so they have no Begin
// error to ignore and never give a nil transaction; MustExec panics too,
// so its failure is never swallowed. On a nil *sqlx.Tx a `defer
// tx.Rollback()` panics at the defer statement itself, because it loads
// the *sql.Tx from the wrapper there. Statements sent on the *sqlx.DB a
// transaction was begun on (db.Get, db.Exec) are reported while it is
// open; a helper given an *sqlx.DB is not followed, nor are sqlx's
// interfaces (Ext, Queryer) or a transaction copied by Unsafe().
//
// Test code is checked like production code: a swallowed Commit error in
// a fixture's setup makes a test pass on data that was never saved.
//
// Bad:
//
//	tx, err := db.BeginTx(ctx, nil)
//	if err != nil {
//		return err
//	}
//	defer tx.Rollback()
//	if _, err := tx.ExecContext(ctx, debit, amt, from); err != nil {
//		log.Printf("debit failed: %v", err) // swallowed
//	}
//	if _, err := tx.ExecContext(ctx, credit, amt, to); err != nil {
//		return err
//	}
//	tx.Commit() // error dropped
//	return nil
//
// Good:
//
//	tx, err := db.BeginTx(ctx, nil)
//	if err != nil {
//		return err
//	}
//	defer tx.Rollback()
//	if _, err := tx.ExecContext(ctx, debit, amt, from); err != nil {
//		return fmt.Errorf("debit: %w", err)
//	}
//	if _, err := tx.ExecContext(ctx, credit, amt, to); err != nil {
//		return fmt.Errorf("credit: %w", err)
//	}
//	return tx.Commit()
package txerror
