// Package stock holds the reads and absolute writes that lose updates.
// Each positive has its safe look-alike in lookalike/.
package stock

import (
	"context"
	"database/sql"
	"errors"
	"sync"

	"github.com/jmoiron/sqlx"
)

var ErrOutOfStock = errors.New("out of stock")

// Reserve is the exercise's bug: read on the pool, subtract in Go, write
// the absolute number back.
func Reserve(ctx context.Context, db *sql.DB, sku string, qty int) error {
	var available int
	if err := db.QueryRowContext(ctx, `SELECT available FROM stock WHERE sku = $1`, sku).Scan(&available); err != nil {
		return err
	}
	if available < qty {
		return ErrOutOfStock
	}
	_, err := db.ExecContext(ctx, `UPDATE stock SET available = $1 WHERE sku = $2`, available-qty, sku) // want `stock.available is read at line 20 and written back as a value computed in Go: two concurrent calls both read the same available and one change is lost \(use UPDATE ... SET available = available - \$1 WHERE available >= \$1, or SELECT ... FOR UPDATE in the transaction\)`
	return err
}

// ReserveInTx runs both in a transaction at the default level, without a
// row lock: READ COMMITTED lets the second transaction read the old value.
func ReserveInTx(ctx context.Context, db *sql.DB, sku string, qty int) error {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	var available int
	if err := tx.QueryRowContext(ctx, `SELECT available FROM stock WHERE sku = $1`, sku).Scan(&available); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `UPDATE stock SET available = $1 WHERE sku = $2`, available-qty, sku); err != nil { // want `stock.available is read at line 39`
		return err
	}
	return tx.Commit()
}

// Withdraw computes the new balance into a variable first and uses ?
// placeholders (SQLite, MySQL).
func Withdraw(db *sql.DB, id string, amount int64) error {
	row := db.QueryRow("SELECT balance FROM wallets WHERE id = ?", id)
	var balance int64
	if err := row.Scan(&balance); err != nil {
		return err
	}
	left := balance - amount
	if left < 0 {
		return errors.New("insufficient funds")
	}
	_, err := db.Exec("UPDATE wallets SET balance = ? WHERE id = ?", left, id) // want `wallets.balance is read at line 51 .* \(use UPDATE ... SET balance = balance - \? WHERE balance >= \?, or SELECT ... FOR UPDATE in the transaction\)`
	return err
}

// Debit changes the scanned variable in place and writes it back.
func Debit(ctx context.Context, db *sql.DB, id string, amount int64) error {
	tx, err := db.BeginTx(ctx, &sql.TxOptions{Isolation: sql.LevelReadCommitted})
	if err != nil {
		return err
	}
	defer tx.Rollback()
	var balance int64
	if err := tx.QueryRowContext(ctx, `SELECT balance FROM wallets WHERE id = $1`, id).Scan(&balance); err != nil {
		return err
	}
	balance -= amount
	if _, err := tx.ExecContext(ctx, `UPDATE wallets SET balance = $1 WHERE id = $2`, balance, id); err != nil { // want `wallets.balance is read at line 72`
		return err
	}
	return tx.Commit()
}

// BumpAll reads counters in a rows loop and writes each back plus one.
func BumpAll(ctx context.Context, db *sql.DB) error {
	rows, err := db.QueryContext(ctx, `SELECT id, hits FROM pages`)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var id string
		var hits int
		if err := rows.Scan(&id, &hits); err != nil {
			return err
		}
		if _, err := db.ExecContext(ctx, `UPDATE pages SET hits = $1 WHERE id = $2`, hits+1, id); err != nil { // want `pages.hits is read at line 84 .* \(use UPDATE ... SET hits = hits \+ \$1, or SELECT ... FOR UPDATE in the transaction\)`
			return err
		}
	}
	return rows.Err()
}

// Vote goes through sqlx's Get.
func Vote(db *sqlx.DB, post int64) error {
	var score int
	if err := db.Get(&score, `SELECT score FROM posts WHERE id = $1`, post); err != nil {
		return err
	}
	_, err := db.Exec(`UPDATE posts SET score = $1 WHERE id = $2`, score+1, post) // want `posts.score is read at line 105`
	return err
}

// LockOnPool locks the row on the pool: the SELECT is a transaction of
// its own, so the lock is gone before the UPDATE.
func LockOnPool(ctx context.Context, db *sql.DB, sku string) error {
	var available int
	if err := db.QueryRowContext(ctx, `SELECT available FROM stock WHERE sku = $1 FOR UPDATE`, sku).Scan(&available); err != nil {
		return err
	}
	_, err := db.ExecContext(ctx, `UPDATE stock SET available = $1 WHERE sku = $2`, available-1, sku) // want `stock.available is read with a row lock that ends with the SELECT \(it runs outside a transaction\) at line 116`
	return err
}

type item struct {
	SKU string
	Qty int
}

// Take scans into a struct field and decrements it.
func Take(db *sql.DB, sku string) error {
	it := item{SKU: sku}
	if err := db.QueryRow(`SELECT s.qty FROM public.stock s WHERE s.sku = $1`, sku).Scan(&it.Qty); err != nil {
		return err
	}
	it.Qty--
	_, err := db.Exec(`UPDATE stock SET qty = $2 WHERE sku = $1`, it.SKU, it.Qty) // want `stock.qty is read at line 131`
	return err
}

// Floor writes a function of the value read.
func Floor(db *sql.DB, sku string, n int) error {
	var qty int
	if err := db.QueryRow(`SELECT qty FROM stock WHERE sku = $1`, sku).Scan(&qty); err != nil {
		return err
	}
	_, err := db.Exec(`UPDATE stock SET qty = $1, touched = now() WHERE sku = $2`, max(qty-n, 0), sku) // want `stock.qty is read at line 142`
	return err
}

var mu sync.Mutex

// UnlockedEarly releases the mutex between the read and the write.
func UnlockedEarly(db *sql.DB, sku string) error {
	mu.Lock()
	var qty int
	err := db.QueryRow(`SELECT qty FROM stock WHERE sku = $1`, sku).Scan(&qty)
	mu.Unlock()
	if err != nil {
		return err
	}
	_, err = db.Exec(`UPDATE stock SET qty = $1 WHERE sku = $2`, qty-1, sku) // want `stock.qty is read at line 155`
	return err
}

// Handler is a literal analysed on its own.
var Handler = func(db *sql.DB, sku string) error {
	var qty int
	if err := db.QueryRow(`SELECT qty FROM stock WHERE sku = $1`, sku).Scan(&qty); err != nil {
		return err
	}
	_, err := db.Exec(`UPDATE stock SET qty = $1 WHERE sku = $2`, qty-1, sku) // want `stock.qty is read at line 167`
	return err
}

// QueryVar keeps each text in a local variable that holds only it.
func QueryVar(db *sql.DB, id int64, n int) error {
	var stock int
	query := `SELECT stock FROM products WHERE id = $1`
	if err := db.QueryRow(query, id).Scan(&stock); err != nil {
		return err
	}
	var update = `
		UPDATE products -- the new level
		SET stock = $1
		WHERE id = $2`
	_, err := db.Exec(update, stock-n, id) // want `products.stock is read at line 178`
	return err
}
