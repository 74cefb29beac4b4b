package provenance

import (
	"database/sql"
	"testing"
)

// A test builds statements from its own fixtures (a database named by the
// test server): nothing an attacker controls.
func TestDropDatabase(t *testing.T) {
	db, err := sql.Open("mysql", "")
	if err != nil {
		t.Skip(err)
	}
	var name string
	if err := db.QueryRow("SELECT DATABASE()").Scan(&name); err != nil {
		t.Skip(err)
	}
	if _, err := db.Exec("DROP DATABASE " + name); err != nil {
		t.Fatal(err)
	}
}
