package orders

import (
	"context"
	"database/sql"
	"errors"
)

var ErrNotFound = errors.New("not found")
var ErrInsufficientFunds = errors.New("insufficient funds")

type User struct {
	ID    int64
	Email string
}

// FirstAdmin leaks on the Scan error and on the found-it return.
func FirstAdmin(ctx context.Context, db *sql.DB) (string, error) {
	rows, err := db.QueryContext(ctx, `SELECT email, role FROM users ORDER BY id`) // want `rows is not closed when Scan fails \(line 26\): the connection stays checked out of the pool`
	if err != nil {
		return "", err
	}
	for rows.Next() {
		var email, role string
		if err := rows.Scan(&email, &role); err != nil {
			return "", err
		}
		if role == "admin" {
			return email, nil
		}
	}
	return "", ErrNotFound
}

// FindByEmail returns from inside the loop once it finds the user.
func FindByEmail(ctx context.Context, db *sql.DB, email string) (*User, error) {
	rows, err := db.QueryContext(ctx, `SELECT id, email FROM users`) // want `rows is not closed when u.Email == email \(line 45\)`
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var u User
		_ = rows.Scan(&u.ID, &u.Email)
		if u.Email == email {
			return &u, nil
		}
	}
	return nil, ErrNotFound
}

// ListUsers closes on the happy path only.
func ListUsers(ctx context.Context, db *sql.DB) ([]User, error) {
	rows, err := db.QueryContext(ctx, `SELECT id, email FROM users`) // want `rows is not closed when Scan fails`
	if err != nil {
		return nil, err
	}
	var out []User
	for rows.Next() {
		var u User
		if err := rows.Scan(&u.ID, &u.Email); err != nil {
			return nil, err
		}
		out = append(out, u)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	rows.Close()
	return out, nil
}

// Transfer has no deferred Rollback: both early returns leak the tx.
func Transfer(ctx context.Context, db *sql.DB, from, to, amt int64) error {
	tx, err := db.BeginTx(ctx, nil) // want `tx is neither committed nor rolled back when QueryRowContext\(...\).Scan fails \(line 80\): the transaction keeps its connection and its locks`
	if err != nil {
		return err
	}
	var bal int64
	if err := tx.QueryRowContext(ctx, `SELECT balance FROM accounts WHERE id = ?`, from).Scan(&bal); err != nil {
		return err
	}
	if bal < amt {
		return ErrInsufficientFunds
	}
	if _, err := tx.ExecContext(ctx, `UPDATE accounts SET balance = balance - ? WHERE id = ?`, amt, from); err != nil {
		tx.Rollback()
		return err
	}
	if _, err := tx.ExecContext(ctx, `UPDATE accounts SET balance = balance + ? WHERE id = ?`, amt, to); err != nil {
		tx.Rollback()
		return err
	}
	return tx.Commit()
}

// Withdraw rolls back on statement errors but not on the balance check.
func Withdraw(ctx context.Context, db *sql.DB, id, amt int64) error {
	tx, err := db.BeginTx(ctx, nil) // want `tx is neither committed nor rolled back when bal < amt \(line 108\)`
	if err != nil {
		return err
	}
	var bal int64
	if err := tx.QueryRowContext(ctx, `SELECT balance FROM accounts WHERE id = ?`, id).Scan(&bal); err != nil {
		tx.Rollback()
		return err
	}
	if bal < amt {
		return ErrInsufficientFunds
	}
	if _, err := tx.ExecContext(ctx, `UPDATE accounts SET balance = balance - ? WHERE id = ?`, amt, id); err != nil {
		tx.Rollback()
		return err
	}
	return tx.Commit()
}

// ImportEmails prepares once, loops, and leaks the statement on failure.
func ImportEmails(ctx context.Context, db *sql.DB, emails []string) error {
	stmt, err := db.PrepareContext(ctx, `INSERT INTO users(email) VALUES (?)`) // want `stmt is not closed when ExecContext fails \(line 125\): the prepared statement stays open on the database`
	if err != nil {
		return err
	}
	for _, e := range emails {
		if _, err := stmt.ExecContext(ctx, e); err != nil {
			return err
		}
	}
	return stmt.Close()
}

// LockedCount pins a connection and forgets it when the lock fails.
func LockedCount(ctx context.Context, db *sql.DB) (int, error) {
	conn, err := db.Conn(ctx) // want `conn is not closed when ExecContext fails \(line 138\): the connection is never returned to the pool`
	if err != nil {
		return 0, err
	}
	if _, err := conn.ExecContext(ctx, `SELECT pg_advisory_lock(1)`); err != nil {
		return 0, err
	}
	var n int
	err = conn.QueryRowContext(ctx, `SELECT count(*) FROM jobs`).Scan(&n)
	conn.Close()
	return n, err
}

// TagsFor runs one query per post and defers every Close to the end.
func TagsFor(ctx context.Context, db *sql.DB, postIDs []int64) (map[int64][]string, error) {
	out := map[int64][]string{}
	for _, id := range postIDs {
		rows, err := db.QueryContext(ctx, `SELECT tag FROM tags WHERE post_id = ?`, id) // want `rows is released by a defer inside a loop, which runs only when TagsFor returns`
		if err != nil {
			return nil, err
		}
		defer rows.Close()
		for rows.Next() {
			var t string
			if err := rows.Scan(&t); err != nil {
				return nil, err
			}
			out[id] = append(out[id], t)
		}
	}
	return out, nil
}

// Touch uses Query for a statement that returns no rows.
func Touch(ctx context.Context, db *sql.DB, id int64) error {
	_, err := db.QueryContext(ctx, `UPDATE users SET seen_at = now() WHERE id = ?`, id) // want `the rows returned by QueryContext is discarded, so it is never closed`
	return err
}

// FirstOfEach breaks out of the loop and leaves each rows open.
func FirstOfEach(ctx context.Context, db *sql.DB, groups []string) ([]string, error) {
	var out []string
	for _, g := range groups {
		rows, err := db.QueryContext(ctx, `SELECT name FROM members WHERE grp = ?`, g) // want `rows is not closed before the loop calls QueryContext again`
		if err != nil {
			return nil, err
		}
		for rows.Next() {
			var n string
			if rows.Scan(&n) == nil {
				out = append(out, n)
				break
			}
		}
	}
	return out, nil
}

// Latest reads one row through Query and returns with the rows open.
func Latest(ctx context.Context, db *sql.DB) (int64, error) {
	rows, err := db.QueryContext(ctx, `SELECT id FROM events ORDER BY id DESC LIMIT 1`) // want `rows is not closed on the early return inside the rows.Next loop`
	if err != nil {
		return 0, err
	}
	if rows.Next() {
		var id int64
		err := rows.Scan(&id)
		return id, err
	}
	return 0, ErrNotFound
}

// scanUsers only reads rows; it neither closes nor keeps them.
func scanUsers(rows *sql.Rows) ([]User, error) { // want scanUsers:"borrowsParam\\(0\\)"
	var out []User
	for rows.Next() {
		var u User
		if err := rows.Scan(&u.ID, &u.Email); err != nil {
			return nil, err
		}
		out = append(out, u)
	}
	return out, rows.Err()
}

// Admins hands rows to a helper that only borrows them.
func Admins(ctx context.Context, db *sql.DB) ([]User, error) {
	rows, err := db.QueryContext(ctx, `SELECT id, email FROM users WHERE role = 'admin'`) // want `rows is not closed on this return`
	if err != nil {
		return nil, err
	}
	return scanUsers(rows)
}

// Archive has a deferred Rollback only after the first statement.
func Archive(ctx context.Context, db *sql.DB, id int64) error {
	tx, err := db.BeginTx(ctx, nil) // want `tx is neither committed nor rolled back when ExecContext fails`
	if err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO archive SELECT * FROM orders WHERE id = ?`, id); err != nil {
		return err
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, `DELETE FROM orders WHERE id = ?`, id); err != nil {
		return err
	}
	return tx.Commit()
}

// firstPending reads through the caller's transaction and returns with the
// rows still open, so the caller's next statement on tx finds it busy.
func firstPending(ctx context.Context, tx *sql.Tx) (int64, error) { // want firstPending:"borrowsParam\\(1\\)"
	rows, err := tx.QueryContext(ctx, `SELECT id FROM jobs WHERE state = 'pending' ORDER BY id`) // want `rows is not closed on the early return inside the rows.Next loop \(line \d+\): the transaction's connection stays busy with the open result set`
	if err != nil {
		return 0, err
	}
	for rows.Next() {
		var id int64
		err := rows.Scan(&id)
		return id, err
	}
	return 0, ErrNotFound
}

// ImportBatch prepares in a loop and defers each Close to the end.
func ImportBatch(ctx context.Context, db *sql.DB, tables []string) error {
	for _, t := range tables {
		stmt, err := db.PrepareContext(ctx, `INSERT INTO `+t+`(v) VALUES (?)`) // want `stmt is released by a defer inside a loop, which runs only when ImportBatch returns: every iteration holds its statement open until then`
		if err != nil {
			return err
		}
		defer stmt.Close()
		if _, err := stmt.ExecContext(ctx, 1); err != nil {
			return err
		}
	}
	return nil
}
