package billing

import (
	"context"
	"database/sql"
	"log"
	"log/slog"
)

type Store struct {
	db *sql.DB
}

// PlaceOrder logs the reservation failure and commits anyway.
func PlaceOrder(ctx context.Context, db *sql.DB, sku string, qty int) error {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, `UPDATE stock SET qty = qty - ? WHERE sku = ?`, qty, sku); err != nil { // want `the error of tx.ExecContext is only logged, yet tx is committed \(line 27\): the transaction commits a half-done change`
		log.Printf("reserve failed: %v", err)
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO orders(sku, qty) VALUES (?, ?)`, sku, qty); err != nil {
		return err
	}
	return tx.Commit()
}

// Pay drops Commit's error.
func Pay(ctx context.Context, db *sql.DB, orderID, amt int64) error {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, `INSERT INTO payments(order_id, amount) VALUES (?, ?)`, orderID, amt); err != nil {
		return err
	}
	tx.Commit() // want `the error of tx.Commit is ignored: the caller reports success even when nothing was saved`
	return nil
}

// Refund discards Commit's error explicitly.
func Refund(ctx context.Context, db *sql.DB, paymentID int64) error {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, `UPDATE payments SET refunded = 1 WHERE id = ?`, paymentID); err != nil {
		return err
	}
	_ = tx.Commit() // want `the error of tx.Commit is ignored`
	return nil
}

// Record defers the Commit, and ignores Begin's error too.
func Record(ctx context.Context, db *sql.DB, id, amt int64) error {
	tx, _ := db.BeginTx(ctx, nil) // want `the error of BeginTx is ignored: when it fails tx is nil, and the first statement on it panics`
	defer tx.Commit()             // want `tx.Commit is deferred: its error is lost, and it commits even when the function fails halfway`
	if _, err := tx.ExecContext(ctx, `INSERT INTO ledger(id, amount) VALUES (?, ?)`, id, amt); err != nil {
		return err
	}
	return nil
}

// Settle commits in a deferred closure and drops the error.
func Settle(ctx context.Context, db *sql.DB, id int64) error {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer func() {
		tx.Commit() // want `the error of tx.Commit in this deferred function is dropped: assign it to the function's named error result`
	}()
	_, err = tx.ExecContext(ctx, `UPDATE invoices SET settled = 1 WHERE id = ?`, id)
	return err
}

// Audit ignores a statement's error entirely.
func Audit(ctx context.Context, db *sql.DB, userID int64, action string) error {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	tx.ExecContext(ctx, `INSERT INTO audit(user_id, action) VALUES (?, ?)`, userID, action) // want `the error of tx.ExecContext is ignored, yet tx is committed \(line 92\): a failed statement is committed as if it had succeeded`
	if _, err := tx.ExecContext(ctx, `UPDATE users SET last_action = ? WHERE id = ?`, action, userID); err != nil {
		return err
	}
	return tx.Commit()
}

// Rebalance logs a failed read and commits with a zero balance.
func Rebalance(ctx context.Context, db *sql.DB, id int64) error {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	var bal int64
	if err := tx.QueryRowContext(ctx, `SELECT balance FROM accounts WHERE id = ?`, id).Scan(&bal); err != nil { // want `the error of tx.QueryRowContext\(...\).Scan is only logged, yet tx is committed`
		slog.Error("read balance", "err", err)
	}
	if _, err := tx.ExecContext(ctx, `UPDATE accounts SET balance = ? WHERE id = ?`, bal/2, id); err != nil {
		return err
	}
	return tx.Commit()
}

// Rename overwrites the first statement's error before checking.
func Rename(ctx context.Context, db *sql.DB, id int64, name string) error {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	_, err = tx.ExecContext(ctx, `UPDATE users SET name = ? WHERE id = ?`, name, id) // want `the error of tx.ExecContext is overwritten before it is checked, and tx is committed`
	_, err = tx.ExecContext(ctx, `UPDATE profiles SET display = ? WHERE user_id = ?`, name, id)
	if err != nil {
		return err
	}
	return tx.Commit()
}

// ImportLines skips failing lines and commits the rest.
func ImportLines(ctx context.Context, db *sql.DB, lines []string) error {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	for _, l := range lines {
		if _, err := tx.ExecContext(ctx, `INSERT INTO lines(body) VALUES (?)`, l); err != nil { // want `the error of tx.ExecContext is only logged, yet tx is committed`
			log.Println("skip line:", err)
			continue
		}
	}
	return tx.Commit()
}

// Close logs Commit's error and reports success.
func Close(ctx context.Context, db *sql.DB, id int64) error {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, `UPDATE tickets SET closed = 1 WHERE id = ?`, id); err != nil {
		return err
	}
	if err := tx.Commit(); err != nil { // want `the error of tx.Commit is only logged: the caller reports success even when nothing was saved`
		log.Printf("commit: %v", err)
	}
	return nil
}

// Transfer reads through the pool while the transaction is open.
func (s *Store) Transfer(ctx context.Context, from, to, amt int64) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	var bal int64
	if err := s.db.QueryRowContext(ctx, `SELECT balance FROM accounts WHERE id = ?`, from).Scan(&bal); err != nil { // want `s.db.QueryRowContext runs outside the transaction tx \(begun on line 161\): it is not rolled back with tx`
		return err
	}
	if _, err := tx.ExecContext(ctx, `UPDATE accounts SET balance = balance - ? WHERE id = ?`, amt, from); err != nil {
		return err
	}
	if _, err := s.db.ExecContext(ctx, `UPDATE accounts SET balance = balance + ? WHERE id = ?`, amt, to); err != nil { // want `s.db.ExecContext runs outside the transaction tx`
		return err
	}
	return tx.Commit()
}

// Fallthrough checks the error but forgets to return.
func Fallthrough(ctx context.Context, db *sql.DB, id int64) error {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	_, err = tx.ExecContext(ctx, `DELETE FROM sessions WHERE user_id = ?`, id) // want `when tx.ExecContext fails, the code still reaches tx.Commit`
	if err != nil {
		tx.ExecContext(ctx, `INSERT INTO failures(user_id) VALUES (?)`, id) // want `the error of tx.ExecContext is ignored, yet tx is committed \(line 190\)`
	}
	return tx.Commit()
}
