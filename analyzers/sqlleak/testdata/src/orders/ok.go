package orders

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log"
)

// ListEmails is the canonical shape.
func ListEmails(ctx context.Context, db *sql.DB) ([]string, error) {
	rows, err := db.QueryContext(ctx, `SELECT email FROM users`)
	if err != nil {
		return nil, fmt.Errorf("list emails: %w", err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var e string
		if err := rows.Scan(&e); err != nil {
			return nil, err
		}
		out = append(out, e)
	}
	return out, rows.Err()
}

// CountUsers drains the loop completely: Next returning false closes rows.
func CountUsers(ctx context.Context, db *sql.DB) (int, error) {
	rows, err := db.QueryContext(ctx, `SELECT id FROM users`)
	if err != nil {
		return 0, err
	}
	n := 0
	for rows.Next() {
		n++
	}
	return n, rows.Err()
}

// Email uses QueryRow, which never leaks.
func Email(ctx context.Context, db *sql.DB, id int64) (string, error) {
	var e string
	err := db.QueryRowContext(ctx, `SELECT email FROM users WHERE id = ?`, id).Scan(&e)
	if errors.Is(err, sql.ErrNoRows) {
		return "", ErrNotFound
	}
	return e, err
}

// Stream returns the rows to the caller, who owns them.
func Stream(ctx context.Context, db *sql.DB) (*sql.Rows, error) { // want Stream:"returnsResource\\(0\\)"
	rows, err := db.QueryContext(ctx, `SELECT id, email FROM users`)
	if err != nil {
		return nil, err
	}
	return rows, nil
}

// Cursor keeps rows in a struct; its Close is the caller's business.
type Cursor struct{ rows *sql.Rows }

func OpenCursor(ctx context.Context, db *sql.DB) (*Cursor, error) {
	rows, err := db.QueryContext(ctx, `SELECT id FROM jobs`)
	if err != nil {
		return nil, err
	}
	return &Cursor{rows: rows}, nil
}

// Each hands rows to a callback we know nothing about.
func Each(ctx context.Context, db *sql.DB, fn func(*sql.Rows) error) error {
	rows, err := db.QueryContext(ctx, `SELECT id FROM jobs`)
	if err != nil {
		return err
	}
	return fn(rows)
}

// Pipe sends rows to another goroutine.
func Pipe(ctx context.Context, db *sql.DB, out chan<- *sql.Rows) error {
	rows, err := db.QueryContext(ctx, `SELECT id FROM jobs`)
	if err != nil {
		return err
	}
	out <- rows
	return nil
}

// Closure closes in a deferred function literal.
func Closure(ctx context.Context, db *sql.DB) (n int, err error) {
	rows, err := db.QueryContext(ctx, `SELECT id FROM jobs`)
	if err != nil {
		return 0, err
	}
	defer func() {
		if cerr := rows.Close(); cerr != nil && err == nil {
			err = cerr
		}
	}()
	for rows.Next() {
		if n > 10 {
			return n, nil
		}
		n++
	}
	return n, rows.Err()
}

// closeRows is a local helper that closes: its fact makes callers fine.
func closeRows(rows *sql.Rows) { // want closeRows:"closesParam\\(0\\)"
	if rows != nil {
		rows.Close()
	}
}

func WithLocalHelper(ctx context.Context, db *sql.DB) error {
	rows, err := db.QueryContext(ctx, `SELECT id FROM jobs`)
	if err != nil {
		return err
	}
	defer closeRows(rows)
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return err
		}
	}
	return rows.Err()
}

// TransferOK is the canonical transaction shape.
func TransferOK(ctx context.Context, db *sql.DB, from, to, amt int64) error {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, `UPDATE accounts SET balance = balance - ? WHERE id = ?`, amt, from); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `UPDATE accounts SET balance = balance + ? WHERE id = ?`, amt, to); err != nil {
		return err
	}
	return tx.Commit()
}

// ExplicitRollback rolls back on every failing path by hand.
func ExplicitRollback(ctx context.Context, db *sql.DB, id int64) error {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM carts WHERE id = ?`, id); err != nil {
		tx.Rollback()
		return err
	}
	return tx.Commit()
}

// NamedResult rolls back in a deferred closure guarded by the result.
func NamedResult(ctx context.Context, db *sql.DB, id int64) (err error) {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			_ = tx.Rollback()
			return
		}
		err = tx.Commit()
	}()
	_, err = tx.ExecContext(ctx, `DELETE FROM sessions WHERE user_id = ?`, id)
	if err != nil {
		return err
	}
	_, err = tx.ExecContext(ctx, `DELETE FROM users WHERE id = ?`, id)
	return err
}

// WithTx runs fn inside a transaction.
func WithTx(ctx context.Context, db *sql.DB, fn func(*sql.Tx) error) error {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	if err := fn(tx); err != nil {
		if rbErr := tx.Rollback(); rbErr != nil {
			log.Printf("rollback: %v", rbErr)
		}
		return err
	}
	return tx.Commit()
}

// insertOrder only borrows the tx.
func insertOrder(ctx context.Context, tx *sql.Tx, cartID int64) error { // want insertOrder:"borrowsParam\\(1\\)"
	_, err := tx.ExecContext(ctx, `INSERT INTO orders(cart_id) SELECT id FROM carts WHERE id = ?`, cartID)
	return err
}

func Checkout(ctx context.Context, db *sql.DB, cartID int64) error {
	return WithTx(ctx, db, func(tx *sql.Tx) error {
		return insertOrder(ctx, tx, cartID)
	})
}

// CheckoutDirect uses the borrowing helper and a deferred Rollback.
func CheckoutDirect(ctx context.Context, db *sql.DB, cartID int64) error {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if err := insertOrder(ctx, tx, cartID); err != nil {
		return err
	}
	return tx.Commit()
}

// TxStatement prepares on the tx: the statement is closed with the tx.
func TxStatement(ctx context.Context, db *sql.DB, ids []int64) error {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	stmt, err := tx.PrepareContext(ctx, `DELETE FROM jobs WHERE id = ?`)
	if err != nil {
		return err
	}
	for _, id := range ids {
		if _, err := stmt.ExecContext(ctx, id); err != nil {
			return err
		}
	}
	return tx.Commit()
}

// PerIteration closes each rows before the next query.
func PerIteration(ctx context.Context, db *sql.DB, groups []string) (int, error) {
	total := 0
	for _, g := range groups {
		rows, err := db.QueryContext(ctx, `SELECT id FROM members WHERE grp = ?`, g)
		if err != nil {
			return 0, err
		}
		for rows.Next() {
			total++
		}
		if err := rows.Close(); err != nil {
			return 0, err
		}
	}
	return total, nil
}

// MustList dies on failure; the process exit is not a leak worth reporting.
func MustList(ctx context.Context, db *sql.DB) []string {
	rows, err := db.QueryContext(ctx, `SELECT email FROM users`)
	if err != nil {
		log.Fatalf("list: %v", err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var e string
		if err := rows.Scan(&e); err != nil {
			log.Fatalf("scan: %v", err)
		}
		out = append(out, e)
	}
	return out
}

// PerItemTx opens and finishes one transaction per item.
func PerItemTx(ctx context.Context, db *sql.DB, ids []int64) error {
	for _, id := range ids {
		tx, err := db.BeginTx(ctx, nil)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE jobs SET done = 1 WHERE id = ?`, id); err != nil {
			_ = tx.Rollback()
			continue
		}
		if err := tx.Commit(); err != nil {
			return err
		}
	}
	return nil
}

// SumInTx reads through its own transaction: rolling back closes the rows.
func SumInTx(ctx context.Context, db *sql.DB) (int64, error) {
	tx, err := db.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return 0, err
	}
	defer tx.Rollback()
	rows, err := tx.QueryContext(ctx, `SELECT amount FROM payments`)
	if err != nil {
		return 0, err
	}
	var sum int64
	for rows.Next() {
		var v int64
		if err := rows.Scan(&v); err != nil {
			return 0, err
		}
		sum += v
	}
	return sum, tx.Commit()
}
