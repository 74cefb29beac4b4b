// Command cmdmain checks the database and exits: the exit closes the pool.
package main

import (
	"database/sql"
	"log"
)

func main() {
	db, err := sql.Open("sqlite", "file:app.db")
	if err != nil {
		log.Fatal(err)
	}
	if err := db.Ping(); err != nil {
		log.Fatal(err)
	}
	log.Println("database reachable")
}
