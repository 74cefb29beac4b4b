package fixes

import (
	"context"
	"database/sql"
	"errors"
)

var errNotFound = errors.New("not found")

func FirstAdmin(ctx context.Context, db *sql.DB) (string, error) {
	rows, err := db.QueryContext(ctx, `SELECT email, role FROM users ORDER BY id`) // want `rows is not closed when Scan fails`
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
	return "", errNotFound
}

func Debit(ctx context.Context, db *sql.DB, id, amt int64) error {
	tx, err := db.BeginTx(ctx, nil) // want `tx is neither committed nor rolled back when ExecContext fails`
	if err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `UPDATE accounts SET balance = balance - ? WHERE id = ?`, amt, id); err != nil {
		return err
	}
	return tx.Commit()
}

func Load(ctx context.Context, db *sql.DB, ids []int64) error {
	stmt, err := db.PrepareContext(ctx, `SELECT 1 FROM jobs WHERE id = ?`) // want `stmt is not closed when QueryRowContext\(...\).Scan fails`
	if err != nil {
		return err
	}
	for _, id := range ids {
		var one int
		if err := stmt.QueryRowContext(ctx, id).Scan(&one); err != nil {
			return err
		}
	}
	return stmt.Close()
}

// MaybeReturn returns the rows on one path, so a defer would be wrong:
// reported, but no fix is offered.
func MaybeReturn(ctx context.Context, db *sql.DB, keep bool) (*sql.Rows, error) { // want MaybeReturn:"returnsResource\\(0\\)"
	rows, err := db.QueryContext(ctx, `SELECT id FROM jobs`) // want `rows is not closed when !keep`
	if err != nil {
		return nil, err
	}
	if keep {
		return rows, nil
	}
	return nil, nil
}
