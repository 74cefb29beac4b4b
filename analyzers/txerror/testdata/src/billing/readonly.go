package billing

import (
	"context"
	"database/sql"
	"fmt"
	"log"

	"txutil"
)

// Transactions that only read: a failed Commit loses nothing, since the
// rows were scanned before it, so its dropped error is not reported.
// Each is paired with a look-alike that writes, or whose statements
// cannot be read, and stays reported.

const totalsQuery = `SELECT COUNT(*), COALESCE(SUM(amount), 0) FROM invoices WHERE customer_id = ?`

// Totals reads a consistent snapshot and drops Commit's error.
func Totals(ctx context.Context, db *sql.DB, customer int64) (n, sum int64, err error) {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return 0, 0, err
	}
	defer tx.Rollback()
	if err := tx.QueryRowContext(ctx, totalsQuery, customer).Scan(&n, &sum); err != nil {
		return 0, 0, err
	}
	const lastQuery = `-- newest first
		WITH recent AS (SELECT id, amount FROM invoices WHERE customer_id = ? ORDER BY id DESC LIMIT 10)
		SELECT amount FROM recent`
	rows, err := tx.QueryContext(ctx, lastQuery, customer)
	if err != nil {
		return 0, 0, err
	}
	defer rows.Close()
	for rows.Next() {
		var a int64
		if err := rows.Scan(&a); err != nil {
			return 0, 0, err
		}
	}
	tx.Commit()
	return n, sum, nil
}

// TotalsLogged only logs Commit's error, reading through a helper.
func TotalsLogged(ctx context.Context, db *sql.DB, customer int64) (int64, error) {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return 0, err
	}
	q := "select count(*) from invoices where customer_id = ? and note = 'for update'"
	var n int64
	if err := tx.QueryRow(q, customer).Scan(&n); err != nil {
		tx.Rollback()
		return 0, err
	}
	last, err := lastInvoice(ctx, tx, customer)
	if err != nil {
		tx.Rollback()
		return 0, err
	}
	if _, err := txutil.CountOrders(ctx, tx, customer); err != nil {
		tx.Rollback()
		return 0, err
	}
	if err := tx.Commit(); err != nil {
		log.Printf("commit: %v", err)
	}
	return n + last, nil
}

// TotalsDeferred commits a read-only transaction in a defer.
func TotalsDeferred(ctx context.Context, db *sql.DB, customer int64) (int64, error) {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return 0, err
	}
	defer tx.Commit()
	return lastInvoice(ctx, tx, customer)
}

func lastInvoice(ctx context.Context, tx *sql.Tx, customer int64) (int64, error) { // want lastInvoice:"borrowsParam\\(1\\)" lastInvoice:"readsOnlyTx\\(1\\)"
	var id int64
	err := tx.QueryRowContext(ctx, `SELECT MAX(id) FROM invoices WHERE customer_id = ?`, customer).Scan(&id)
	return id, err
}

// Claim reads with a row lock: the lock means a write is coming, so the
// dropped Commit error stays reported.
func Claim(ctx context.Context, db *sql.DB, job int64) error {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	var state string
	if err := tx.QueryRowContext(ctx, `SELECT state FROM jobs WHERE id = ? FOR UPDATE SKIP LOCKED`, job).Scan(&state); err != nil {
		return err
	}
	tx.Commit() // want `the error of tx.Commit is ignored`
	return nil
}

// Dequeue deletes in a data-modifying CTE under a SELECT.
func Dequeue(ctx context.Context, db *sql.DB) (int64, error) {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return 0, err
	}
	defer tx.Rollback()
	var id int64
	if err := tx.QueryRowContext(ctx, `WITH next AS (DELETE FROM queue WHERE id = (SELECT MIN(id) FROM queue) RETURNING id) SELECT id FROM next`).Scan(&id); err != nil {
		return 0, err
	}
	tx.Commit() // want `the error of tx.Commit is ignored`
	return id, nil
}

// Snapshot copies rows into a new table with SELECT ... INTO.
func Snapshot(ctx context.Context, db *sql.DB) error {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	rows, err := tx.QueryContext(ctx, `SELECT * INTO invoices_backup FROM invoices`)
	if err != nil {
		return err
	}
	rows.Close()
	if err := tx.Commit(); err != nil { // want `the error of tx.Commit is only logged`
		log.Printf("commit: %v", err)
	}
	return nil
}

// Search fills a column into a constant SELECT: still only a read.
func Search(ctx context.Context, db *sql.DB, column string, v int64) error {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	var n int64
	if err := tx.QueryRowContext(ctx, fmt.Sprintf(`SELECT COUNT(*) FROM invoices WHERE %s = ?`, column), v).Scan(&n); err != nil {
		return err
	}
	tx.Commit()
	return nil
}

// SearchWith takes its format from the caller: what it runs is unknown.
func SearchWith(ctx context.Context, db *sql.DB, format, column string) error {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	var n int64
	if err := tx.QueryRowContext(ctx, fmt.Sprintf(format, column)).Scan(&n); err != nil {
		return err
	}
	tx.Commit() // want `the error of tx.Commit is ignored`
	return nil
}

// Purge's constant format is a write.
func Purge(ctx context.Context, db *sql.DB, table string) error {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	var n int64
	if err := tx.QueryRowContext(ctx, fmt.Sprintf(`DELETE FROM %s RETURNING 1`, table)).Scan(&n); err != nil {
		return err
	}
	tx.Commit() // want `the error of tx.Commit is ignored`
	return nil
}

// ReadThenArchive reads, then writes through a helper.
func ReadThenArchive(ctx context.Context, db *sql.DB, customer int64) error {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if _, err := lastInvoice(ctx, tx, customer); err != nil {
		return err
	}
	if err := txutil.InsertOrder(ctx, tx, customer); err != nil {
		return err
	}
	tx.Commit() // want `the error of tx.Commit is ignored`
	return nil
}

// TwoStatements hides a DELETE after the SELECT.
func TwoStatements(ctx context.Context, db *sql.DB, id int64) error {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Commit() // want `tx.Commit is deferred: its error is lost`
	rows, err := tx.QueryContext(ctx, `SELECT 1; DELETE FROM sessions WHERE user_id = ?`, id)
	if err != nil {
		return err
	}
	return rows.Close()
}

// CommitCallersTx commits a transaction it was handed: the caller may
// have written through it.
func CommitCallersTx(ctx context.Context, tx *sql.Tx, customer int64) (int64, error) {
	id, err := lastInvoice(ctx, tx, customer)
	if err != nil {
		return 0, err
	}
	tx.Commit() // want `the error of tx.Commit is ignored`
	return id, nil
}
