// Package batches commits a stream of rows in batches: a transaction is
// begun when the batch counter is zero, and the counter goes back to zero
// only right after the commit.
package batches

import (
	"database/sql"
	"log"
)

const batchSize = 1000

// Import begins a transaction only when n == 0. Every path that still
// holds tx has done n++ since the Begin, so it cannot reach the Begin
// again: no leak on the back edge, and none after the loop either.
func Import(db *sql.DB, rows <-chan string) error {
	var (
		tx  *sql.Tx
		err error
		n   = 0
	)
	for r := range rows {
		if n == 0 {
			tx, err = db.Begin()
			if err != nil {
				log.Printf("begin: %v", err)
				continue
			}
		}
		if _, err := tx.Exec(`INSERT INTO items(v) VALUES (?)`, r); err != nil {
			tx.Rollback()
			return err
		}
		n++
		if n%batchSize == 0 {
			if err := tx.Commit(); err != nil {
				tx.Rollback()
				return err
			}
			n = 0
		}
	}
	if n == 0 {
		return nil
	}
	return tx.Commit()
}

// SkipsBlank skips a blank row before counting it: right after a Begin,
// n is still zero, so the next row begins a second transaction while the
// first is open.
func SkipsBlank(db *sql.DB, rows <-chan string) error {
	var (
		tx *sql.Tx
		n  = 0
	)
	for r := range rows {
		if n == 0 {
			var err error
			tx, err = db.Begin() // want `tx is neither committed nor rolled back before the loop calls Begin again`
			if err != nil {
				return err
			}
		}
		if r == "" {
			continue
		}
		if _, err := tx.Exec(`INSERT INTO items(v) VALUES (?)`, r); err != nil {
			tx.Rollback()
			return err
		}
		n++
		if n%batchSize == 0 {
			if err := tx.Commit(); err != nil {
				return err
			}
			n = 0
		}
	}
	if n == 0 {
		return nil
	}
	return tx.Commit()
}

// ResetsWithoutCommit starts over on a bad row but forgets the open
// transaction: n is zero again while tx is held.
func ResetsWithoutCommit(db *sql.DB, rows <-chan string) error {
	var (
		tx *sql.Tx
		n  = 0
	)
	for r := range rows {
		if n == 0 {
			var err error
			tx, err = db.Begin() // want `tx is neither committed nor rolled back before the loop calls Begin again`
			if err != nil {
				return err
			}
		}
		if _, err := tx.Exec(`INSERT INTO items(v) VALUES (?)`, r); err != nil {
			n = 0
			continue
		}
		n++
		if n%batchSize == 0 {
			if err := tx.Commit(); err != nil {
				return err
			}
			n = 0
		}
	}
	if n == 0 {
		return nil
	}
	return tx.Commit()
}

// NarrowCounter counts in an int8, which wraps around to zero after 256
// rows: the guard is not trusted.
func NarrowCounter(db *sql.DB, rows <-chan string) error {
	var (
		tx *sql.Tx
		n  int8
	)
	for r := range rows {
		if n == 0 {
			var err error
			tx, err = db.Begin() // want `tx is neither committed nor rolled back before the loop calls Begin again`
			if err != nil {
				return err
			}
		}
		if _, err := tx.Exec(`INSERT INTO items(v) VALUES (?)`, r); err != nil {
			tx.Rollback()
			return err
		}
		n++
		if r == "flush" {
			if err := tx.Commit(); err != nil {
				return err
			}
			n = 0
		}
	}
	if n == 0 {
		return nil
	}
	return tx.Commit()
}
