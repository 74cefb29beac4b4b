// Package stdcalls holds standard-library calls whose result the check
// judges by their input.
package stdcalls

import (
	"database/sql"
	"strings"
)

var unquote = strings.NewReplacer("'", "", ";", "")

// A Replacer only rewrites its input, as strings.Replace does: constant
// in, constant out, and a parameter in stays the parameter.
func replacedConstant(db *sql.DB) {
	db.Query("SELECT id FROM users WHERE name = " + unquote.Replace("'admin'"))
}

func replacedParam(db *sql.DB, name string) {
	db.Query("SELECT id FROM users WHERE name = '" + unquote.Replace(name) + "'") // want `built with \+ from name \(a parameter of replacedParam\)`
}

// builderPtr is an alias of a pointer to a builder: still a builder.
type builderPtr = *strings.Builder

func aliasedBuilder(db *sql.DB, name string) {
	var b builderPtr = &strings.Builder{}
	b.WriteString("SELECT id FROM users WHERE name = '")
	b.WriteString(name)
	b.WriteString("'")
	db.Query(b.String()) // want `built with a strings.Builder from name`
}

func aliasedBuilderConstant(db *sql.DB) {
	var b builderPtr = &strings.Builder{}
	b.WriteString("SELECT id FROM users")
	db.Query(b.String() + " WHERE active")
}
