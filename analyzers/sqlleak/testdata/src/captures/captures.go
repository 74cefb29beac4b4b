// Package captures holds resources captured by cleanup closures: a closure
// bound to a local variable runs its body where it is called or deferred.
package captures

import (
	"context"
	"database/sql"
	"errors"
)

var errLimit = errors.New("limit reached")

// EarlyReturn sets up a cleanup closure and forgets to call it on the
// limit check.
func EarlyReturn(ctx context.Context, db *sql.DB, limit int) (int, error) {
	rows, err := db.QueryContext(ctx, `SELECT id FROM jobs`) // want `rows is not closed when limit == 0 \(line 22\): the connection stays checked out of the pool`
	if err != nil {
		return 0, err
	}
	cleanup := func() { rows.Close() }
	if limit == 0 {
		return 0, errLimit
	}
	cleanup()
	return limit, nil
}

// EarlyReturnCalled is EarlyReturn with the call on every path: fine.
func EarlyReturnCalled(ctx context.Context, db *sql.DB, limit int) (int, error) {
	rows, err := db.QueryContext(ctx, `SELECT id FROM jobs`)
	if err != nil {
		return 0, err
	}
	cleanup := func() { rows.Close() }
	if limit == 0 {
		cleanup()
		return 0, errLimit
	}
	cleanup()
	return limit, nil
}

// DeferredLate defers the cleanup only after a check that can return.
func DeferredLate(ctx context.Context, db *sql.DB, id int64) error {
	stmt, err := db.PrepareContext(ctx, `DELETE FROM jobs WHERE id = ?`) // want `stmt is not closed when id <= 0 \(line 51\): the prepared statement stays open on the database`
	if err != nil {
		return err
	}
	closeStmt := func() { stmt.Close() }
	if id <= 0 {
		return errLimit
	}
	defer closeStmt()
	_, err = stmt.ExecContext(ctx, id)
	return err
}

// DeferredEarly defers the cleanup before any check: fine.
func DeferredEarly(ctx context.Context, db *sql.DB, id int64) error {
	stmt, err := db.PrepareContext(ctx, `DELETE FROM jobs WHERE id = ?`)
	if err != nil {
		return err
	}
	closeStmt := func() { stmt.Close() }
	defer closeStmt()
	if id <= 0 {
		return errLimit
	}
	_, err = stmt.ExecContext(ctx, id)
	return err
}

// ReadOnlyClosure captures rows in a closure that only scans them, and
// never closes them when the scan fails.
func ReadOnlyClosure(ctx context.Context, db *sql.DB) (int64, error) {
	rows, err := db.QueryContext(ctx, `SELECT max(id) FROM jobs`) // want `rows is not closed when the closure fails \(line 84\)`
	if err != nil {
		return 0, err
	}
	var id int64
	scan := func() error { return rows.Scan(&id) }
	if rows.Next() {
		if err := scan(); err != nil {
			return 0, err
		}
	}
	return id, rows.Close()
}

// DeferredBeforeAcquire sets the cleanup up before the rows exist: the
// deferred closure closes whatever rows holds at the end. Fine, and not
// followed: the assignment does not come before the closure.
func DeferredBeforeAcquire(ctx context.Context, db *sql.DB, limit int) error {
	var rows *sql.Rows
	defer func() {
		if rows != nil {
			rows.Close()
		}
	}()
	var err error
	rows, err = db.QueryContext(ctx, `SELECT id FROM jobs`)
	if err != nil {
		return err
	}
	if limit == 0 {
		return errLimit
	}
	return nil
}

// Reassigned stores two result sets in one variable, and leaks the first
// when archived. Deliberately silent: once the variable is assigned twice,
// which result set a load or a closure sees is not followed.
func Reassigned(ctx context.Context, db *sql.DB, archived bool) error {
	rows, err := db.QueryContext(ctx, `SELECT id FROM jobs`)
	if err != nil {
		return err
	}
	if archived {
		rows, err = db.QueryContext(ctx, `SELECT id FROM archive`)
		if err != nil {
			return err
		}
	}
	cleanup := func() { rows.Close() }
	if archived {
		return errLimit
	}
	cleanup()
	return nil
}

// Handle is what Open hands back: the caller releases through Close.
type Handle struct {
	rows  *sql.Rows
	Close func()
}

// StoredCleanup keeps the cleanup in the result: the caller's business.
func StoredCleanup(ctx context.Context, db *sql.DB) (*Handle, error) {
	rows, err := db.QueryContext(ctx, `SELECT id FROM jobs`)
	if err != nil {
		return nil, err
	}
	return &Handle{rows: rows, Close: func() { rows.Close() }}, nil
}

// ReturnedCleanup hands the cleanup to the caller: silent, and the rows
// are not a fresh result the caller must close itself.
func ReturnedCleanup(ctx context.Context, db *sql.DB) (*sql.Rows, func(), error) {
	rows, err := db.QueryContext(ctx, `SELECT id FROM jobs`)
	if err != nil {
		return nil, nil, err
	}
	return rows, func() { rows.Close() }, nil
}

// UsesReturnedCleanup defers what ReturnedCleanup handed back: fine.
func UsesReturnedCleanup(ctx context.Context, db *sql.DB) error {
	rows, done, err := ReturnedCleanup(ctx, db)
	if err != nil {
		return err
	}
	defer done()
	for rows.Next() {
	}
	return rows.Err()
}

// PassedOn hands the closure to a function we know nothing about: it may
// call it. Silent.
func PassedOn(ctx context.Context, db *sql.DB, register func(func()), limit int) error {
	rows, err := db.QueryContext(ctx, `SELECT id FROM jobs`)
	if err != nil {
		return err
	}
	register(func() { rows.Close() })
	if limit == 0 {
		return errLimit
	}
	return nil
}

// InGoroutine closes in a goroutine: silent.
func InGoroutine(ctx context.Context, db *sql.DB, limit int) error {
	rows, err := db.QueryContext(ctx, `SELECT id FROM jobs`)
	if err != nil {
		return err
	}
	go func() { rows.Close() }()
	if limit == 0 {
		return errLimit
	}
	return nil
}

// finishWith closes its rows through a deferred closure: a Closes fact.
func finishWith(rows *sql.Rows, limit int) error { // want finishWith:"closesParam\\(0\\)"
	defer func() { rows.Close() }()
	if limit == 0 {
		return errLimit
	}
	return nil
}

// ViaFinisher hands rows to finishWith: fine.
func ViaFinisher(ctx context.Context, db *sql.DB, limit int) error {
	rows, err := db.QueryContext(ctx, `SELECT id FROM jobs`)
	if err != nil {
		return err
	}
	return finishWith(rows, limit)
}
