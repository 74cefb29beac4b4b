package quoting

import (
	"database/sql"
	"fmt"
	"net/http"
	"strings"
)

// quoteIdent doubles the quote inside and wraps the name in it.
func quoteIdent(name string) string {
	return `"` + strings.ReplaceAll(name, `"`, `""`) + `"`
}

// quoteLiteral does the same for a string literal, with Sprintf.
func quoteLiteral(s string) string {
	return fmt.Sprintf("'%s'", strings.Replace(s, "'", "''", -1))
}

// backquote is MySQL's identifier quoting.
func backquote(name string) string {
	return "`" + strings.ReplaceAll(name, "`", "``") + "`"
}

func LocalQuoted(db *sql.DB, r *http.Request) error {
	table := r.URL.Query().Get("table")
	_, err := db.Exec("TRUNCATE " + quoteIdent(table))
	if err != nil {
		return err
	}
	_, err = db.Exec("SET search_path = " + quoteLiteral(r.FormValue("schema")) + ", " + backquote(table))
	return err
}

// wrapOnly wraps without escaping: a quote in name ends the identifier.
func wrapOnly(name string) string {
	return `"` + name + `"`
}

// escapeOther doubles a different character than it wraps with.
func escapeOther(name string) string {
	return `"` + strings.ReplaceAll(name, `'`, `''`) + `"`
}

// firstOnly replaces only the first quote.
func firstOnly(name string) string {
	return `"` + strings.Replace(name, `"`, `""`, 1) + `"`
}

func LookAlikes(db *sql.DB, r *http.Request) {
	t := r.URL.Query().Get("table")
	db.Exec("TRUNCATE " + wrapOnly(t))    // want `built with \+ from`
	db.Exec("TRUNCATE " + escapeOther(t)) // want `built with \+ from`
	db.Exec("TRUNCATE " + firstOnly(t))   // want `built with \+ from`
}
