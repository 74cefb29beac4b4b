package lookalike

import "database/sql"

// A test seeding its fixture reads and writes back freely.
func seed(db *sql.DB) {
	var qty int
	_ = db.QueryRow(`SELECT qty FROM stock WHERE id = 1`).Scan(&qty)
	_, _ = db.Exec(`UPDATE stock SET qty = $1 WHERE id = 1`, qty+10)
}
