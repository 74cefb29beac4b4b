// Package lookalike holds reads followed by writes that do not lose
// updates, or that the analyzer cannot prove do: all must stay silent.
package lookalike

import (
	"context"
	"database/sql"
	"errors"
	"strings"
	"sync"

	"github.com/jmoiron/sqlx"
)

var ErrOutOfStock = errors.New("out of stock")

// Relative lets the database compute the new value: the fix.
func Relative(ctx context.Context, db *sql.DB, sku string, qty int) error {
	var available int
	if err := db.QueryRowContext(ctx, `SELECT available FROM stock WHERE sku = $1`, sku).Scan(&available); err != nil {
		return err
	}
	_, err := db.ExecContext(ctx, `UPDATE stock SET available = available - $1 WHERE sku = $2 AND available >= $1`, qty, sku)
	return err
}

// CompareAndSet writes only if the row still holds what was read.
func CompareAndSet(ctx context.Context, db *sql.DB, sku string, qty int) error {
	for {
		var available int
		if err := db.QueryRowContext(ctx, `SELECT available FROM stock WHERE sku = $1`, sku).Scan(&available); err != nil {
			return err
		}
		res, err := db.ExecContext(ctx, `UPDATE stock SET available = $1 WHERE sku = $2 AND available = $3`, available-qty, sku, available)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 1 {
			return nil
		}
	}
}

// Versioned is optimistic concurrency on a version column.
func Versioned(db *sql.DB, id string, amount int64) error {
	var balance, version int64
	if err := db.QueryRow(`SELECT balance, version FROM wallets WHERE id = $1`, id).Scan(&balance, &version); err != nil {
		return err
	}
	_, err := db.Exec(`UPDATE wallets SET balance = $1, version = version + 1 WHERE id = $2 AND version = $3`, balance-amount, id, version)
	return err
}

// ForUpdate locks the row until the transaction ends.
func ForUpdate(ctx context.Context, db *sql.DB, sku string, qty int) error {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	var available int
	if err := tx.QueryRowContext(ctx, `SELECT available FROM stock WHERE sku = $1 FOR UPDATE`, sku).Scan(&available); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `UPDATE stock SET available = $1 WHERE sku = $2`, available-qty, sku); err != nil {
		return err
	}
	return tx.Commit()
}

// ForNoKeyUpdate is PostgreSQL's lighter row lock; sqlx's transaction.
func ForNoKeyUpdate(db *sqlx.DB, sku string) error {
	tx := db.MustBegin()
	defer tx.Rollback()
	var available int
	if err := tx.Get(&available, `SELECT available FROM stock WHERE sku = $1 FOR NO KEY UPDATE`, sku); err != nil {
		return err
	}
	if _, err := tx.Exec(`UPDATE stock SET available = $1 WHERE sku = $2`, available-1, sku); err != nil {
		return err
	}
	return tx.Commit()
}

// Serializable makes the second writer fail instead of overwrite.
func Serializable(ctx context.Context, db *sql.DB, id string, amount int64) error {
	tx, err := db.BeginTx(ctx, &sql.TxOptions{Isolation: sql.LevelSerializable})
	if err != nil {
		return err
	}
	defer tx.Rollback()
	var balance int64
	if err := tx.QueryRowContext(ctx, `SELECT balance FROM wallets WHERE id = $1`, id).Scan(&balance); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `UPDATE wallets SET balance = $1 WHERE id = $2`, balance-amount, id); err != nil {
		return err
	}
	return tx.Commit()
}

// OptionsFromCaller: the isolation level is not known here.
func OptionsFromCaller(ctx context.Context, db *sql.DB, opts *sql.TxOptions, id string) error {
	tx, err := db.BeginTx(ctx, opts)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	var balance int64
	if err := tx.QueryRowContext(ctx, `SELECT balance FROM wallets WHERE id = $1`, id).Scan(&balance); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `UPDATE wallets SET balance = $1 WHERE id = $2`, balance-1, id); err != nil {
		return err
	}
	return tx.Commit()
}

// CallersTx runs in a transaction the caller began: it may have locked
// the row or chosen SERIALIZABLE.
func CallersTx(ctx context.Context, tx *sql.Tx, id string) error {
	var balance int64
	if err := tx.QueryRowContext(ctx, `SELECT balance FROM wallets WHERE id = $1`, id).Scan(&balance); err != nil {
		return err
	}
	_, err := tx.ExecContext(ctx, `UPDATE wallets SET balance = $1 WHERE id = $2`, balance-1, id)
	return err
}

// Querier is a repository's interface: it may be a transaction.
type Querier interface {
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
}

func ThroughInterface(ctx context.Context, q Querier, id string) error {
	var balance int64
	if err := q.QueryRowContext(ctx, `SELECT balance FROM wallets WHERE id = $1`, id).Scan(&balance); err != nil {
		return err
	}
	_, err := q.ExecContext(ctx, `UPDATE wallets SET balance = $1 WHERE id = $2`, balance-1, id)
	return err
}

var reserveMu sync.Mutex

// ProcessMutex holds a Go mutex from the read to the write.
func ProcessMutex(db *sql.DB, sku string) error {
	reserveMu.Lock()
	defer reserveMu.Unlock()
	var qty int
	if err := db.QueryRow(`SELECT qty FROM stock WHERE sku = $1`, sku).Scan(&qty); err != nil {
		return err
	}
	_, err := db.Exec(`UPDATE stock SET qty = $1 WHERE sku = $2`, qty-1, sku)
	return err
}

// Unchanged writes back the value read: a form being saved.
func Unchanged(db *sql.DB, id string, title string) error {
	var pos int
	if err := db.QueryRow(`SELECT position FROM items WHERE id = $1`, id).Scan(&pos); err != nil {
		return err
	}
	_, err := db.Exec(`UPDATE items SET position = $1, title = $2 WHERE id = $3`, pos, title, id)
	return err
}

// OtherTable reads one table and writes another.
func OtherTable(db *sql.DB, id string) error {
	var qty int
	if err := db.QueryRow(`SELECT qty FROM orders WHERE id = $1`, id).Scan(&qty); err != nil {
		return err
	}
	_, err := db.Exec(`UPDATE stock SET qty = $1 WHERE id = $2`, qty-1, id)
	return err
}

// OtherColumn reads one column and sets another from it.
func OtherColumn(db *sql.DB, id string) error {
	var qty int
	if err := db.QueryRow(`SELECT qty FROM stock WHERE id = $1`, id).Scan(&qty); err != nil {
		return err
	}
	_, err := db.Exec(`UPDATE stock SET reserved = $1 WHERE id = $2`, qty-1, id)
	return err
}

// Text reads and writes a string: an edit, not a counter.
func Text(db *sql.DB, id string) error {
	var name string
	if err := db.QueryRow(`SELECT name FROM users WHERE id = $1`, id).Scan(&name); err != nil {
		return err
	}
	_, err := db.Exec(`UPDATE users SET name = $1 WHERE id = $2`, strings.ToLower(name), id)
	return err
}

// Overwritten replaces the value read with one that does not depend on it.
func Overwritten(db *sql.DB, id string, reset bool) error {
	var qty int
	if err := db.QueryRow(`SELECT qty FROM stock WHERE id = $1`, id).Scan(&qty); err != nil {
		return err
	}
	if qty > 0 && reset {
		return nil
	}
	qty = 100
	qty++
	_, err := db.Exec(`UPDATE stock SET qty = $1 WHERE id = $2`, qty, id)
	return err
}

// CheckOnly compares the value read; the value written comes from the caller.
func CheckOnly(db *sql.DB, id string, restock int) error {
	var qty int
	if err := db.QueryRow(`SELECT qty FROM stock WHERE id = $1`, id).Scan(&qty); err != nil {
		return err
	}
	if qty > restock {
		return nil
	}
	_, err := db.Exec(`UPDATE stock SET qty = $1 WHERE id = $2`, restock, id)
	return err
}

// WriteFirst writes before it reads.
func WriteFirst(db *sql.DB, id string, qty int) error {
	if _, err := db.Exec(`UPDATE stock SET qty = $1 WHERE id = $2`, qty-1, id); err != nil {
		return err
	}
	return db.QueryRow(`SELECT qty FROM stock WHERE id = $1`, id).Scan(&qty)
}

// Join reads through a join: the column may be another table's.
func Join(db *sql.DB, id string) error {
	var qty int
	if err := db.QueryRow(`SELECT qty FROM stock JOIN orders ON orders.sku = stock.sku WHERE orders.id = $1`, id).Scan(&qty); err != nil {
		return err
	}
	_, err := db.Exec(`UPDATE stock SET qty = $1 WHERE id = $2`, qty-1, id)
	return err
}

// Spread passes its arguments with args...: placeholders cannot be matched.
func Spread(db *sql.DB, id string) error {
	var qty int
	if err := db.QueryRow(`SELECT qty FROM stock WHERE id = $1`, id).Scan(&qty); err != nil {
		return err
	}
	_, err := db.Exec(`UPDATE stock SET qty = $1 WHERE id = $2`, append([]any{qty - 1}, id)...)
	return err
}

// Dynamic builds its text at run time.
func Dynamic(db *sql.DB, table, id string) error {
	var qty int
	if err := db.QueryRow(`SELECT qty FROM `+table+` WHERE id = $1`, id).Scan(&qty); err != nil {
		return err
	}
	_, err := db.Exec(`UPDATE `+table+` SET qty = $1 WHERE id = $2`, qty-1, id)
	return err
}

// InHelper hands the transaction to a closure: the literal does not begin
// it, so its isolation is the helper's business.
func InHelper(ctx context.Context, db *sql.DB, id string, run func(func(*sql.Tx) error) error) error {
	return run(func(tx *sql.Tx) error {
		var balance int64
		if err := tx.QueryRowContext(ctx, `SELECT balance FROM wallets WHERE id = $1`, id).Scan(&balance); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, `UPDATE wallets SET balance = $1 WHERE id = $2`, balance-1, id)
		return err
	})
}

// QueryVarChanged appends a condition to its text: the text at the call
// is not one constant.
func QueryVarChanged(db *sql.DB, id int64, n int, onlyIfEnough bool) error {
	var stock int
	if err := db.QueryRow(`SELECT stock FROM products WHERE id = $1`, id).Scan(&stock); err != nil {
		return err
	}
	query := `UPDATE products SET stock = $1 WHERE id = $2`
	if onlyIfEnough {
		query += ` AND stock >= $3`
	}
	_, err := db.Exec(query, stock-n, id, n)
	return err
}

// QueryVarTwoTexts assigns two different texts to one variable.
func QueryVarTwoTexts(db *sql.DB, id int64, n int, cas bool) error {
	var stock int
	if err := db.QueryRow(`SELECT stock FROM products WHERE id = $1`, id).Scan(&stock); err != nil {
		return err
	}
	query := `UPDATE products SET stock = $1 WHERE id = $2 AND stock = $3`
	if !cas {
		query = `UPDATE products SET stock = $1 WHERE id = $2`
	}
	_, err := db.Exec(query, stock-n, id, stock)
	return err
}
