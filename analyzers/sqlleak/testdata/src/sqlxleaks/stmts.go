package sqlxleaks

import (
	"context"

	"github.com/jmoiron/sqlx"
)

// Prepared never closes its statement.
func Prepared(db *sqlx.DB, ids []int64) error {
	stmt, err := db.Preparex(`DELETE FROM users WHERE id = ?`) // want `stmt is not closed on this return \(line 18\): the prepared statement stays open on the database`
	if err != nil {
		return err
	}
	for _, id := range ids {
		stmt.Exec(id)
	}
	return nil
}

// PreparedNamed never closes its named statement.
func PreparedNamed(db *sqlx.DB, u User) error {
	ns, err := db.PrepareNamed(`SELECT id FROM users WHERE email = :email`) // want `ns is not closed on this return \(line 28\): the prepared statement stays open on the database`
	if err != nil {
		return err
	}
	var id int64
	return ns.Get(&id, u)
}

// NamedRows reads through a named statement and forgets the rows.
func NamedRows(ns *sqlx.NamedStmt, u User) error { // want NamedRows:"borrowsParam\\(0\\)"
	rows, err := ns.Query(u) // want `rows is not closed when u.ID == 0 \(line 38\)`
	if err != nil {
		return err
	}
	if u.ID == 0 {
		return nil
	}
	return rows.Close()
}

// StmtRows reads through a prepared statement and forgets the rows.
func StmtRows(stmt *sqlx.Stmt) error { // want StmtRows:"borrowsParam\\(0\\)"
	rows, err := stmt.Queryx(1) // want `rows is not closed on this return \(line 50\)`
	if err != nil {
		return err
	}
	_ = rows.Next()
	return nil
}

// ---- Look-alikes that must stay silent. ----

// PreparedClosed defers the Close.
func PreparedClosed(db *sqlx.DB, ids []int64) error {
	stmt, err := db.Preparex(`DELETE FROM users WHERE id = ?`)
	if err != nil {
		return err
	}
	defer stmt.Close()
	for _, id := range ids {
		if _, err := stmt.Exec(id); err != nil {
			return err
		}
	}
	return nil
}

// NamedClosed closes the named statement with its own Close.
func NamedClosed(db *sqlx.DB, u User) error {
	ns, err := db.PrepareNamed(`SELECT id FROM users WHERE email = :email`)
	if err != nil {
		return err
	}
	defer ns.Close()
	var id int64
	return ns.Get(&id, u)
}

// NamedInner closes the statement the named one holds.
func NamedInner(db *sqlx.DB, u User) error {
	ns, err := db.PrepareNamed(`SELECT id FROM users WHERE email = :email`)
	if err != nil {
		return err
	}
	defer ns.Stmt.Close()
	var id int64
	return ns.Get(&id, u)
}

// PreparedInTx prepares on the transaction, which closes the statement
// when it ends.
func PreparedInTx(ctx context.Context, db *sqlx.DB) error {
	tx, err := db.BeginTxx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	stmt, err := tx.Preparex(`INSERT INTO log (msg) VALUES (?)`)
	if err != nil {
		return err
	}
	if _, err := stmt.Exec("hi"); err != nil {
		return err
	}
	return tx.Commit()
}

// PreparedOnCallersTx prepares on a transaction its caller owns, which
// closes the statement when it ends.
func PreparedOnCallersTx(tx *sqlx.Tx, msg string) error { // want PreparedOnCallersTx:"borrowsParam\\(0\\)"
	stmt, err := tx.Preparex(`INSERT INTO log (msg) VALUES (?)`)
	if err != nil {
		return err
	}
	_, err = stmt.Exec(msg)
	return err
}
