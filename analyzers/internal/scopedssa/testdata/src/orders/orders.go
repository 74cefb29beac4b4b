package orders // want "ssa built|scoped ssa"

import "database/sql"

func Count(db *sql.DB) (n int, err error) {
	err = db.QueryRow(`SELECT COUNT(*) FROM orders`).Scan(&n)
	return n, err
}
