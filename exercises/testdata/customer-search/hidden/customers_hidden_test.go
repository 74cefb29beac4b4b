package customers

import (
	"context"
	"strings"
	"testing"

	"drill.workspace/harness"
)

const schema = `
CREATE TABLE customers(id INTEGER PRIMARY KEY, name TEXT NOT NULL, email TEXT NOT NULL);
CREATE TABLE staff(id INTEGER PRIMARY KEY, username TEXT NOT NULL, password_hash TEXT NOT NULL);
INSERT INTO customers(id, name, email) VALUES
	(1, 'Brian Kernighan', 'bwk@example.com'),
	(2, 'Siobhan O''Brien', 'siobhan@example.ie'),
	(3, 'Obi Okafor', 'obi@example.ng'),
	(4, 'Grace Hopper', 'grace@example.com'),
	(5, 'Ada Lovelace', 'ada@example.co.uk');
INSERT INTO staff(id, username, password_hash) VALUES
	(1, 'root', '$2a$10$rootHashRootHashRootHash'),
	(2, 'support-lead', '$2a$10$leadHashLeadHashLeadHash');`

func names(cs []Customer) []string {
	out := make([]string, len(cs))
	for i, c := range cs {
		out[i] = c.Name
	}
	return out
}

func search(t *testing.T, r *Repo, term string, want ...string) {
	t.Helper()
	got, err := r.Search(context.Background(), term)
	if err != nil {
		t.Fatalf("Search(%q) = %v, want %q", term, err, want)
	}
	if strings.Join(names(got), "|") != strings.Join(want, "|") {
		t.Fatalf("Search(%q) = %q, want %q (names containing the term, ordered by name)", term, names(got), want)
	}
}

func TestSearchFindsNamesContainingTerm(t *testing.T) {
	db := harness.OpenDB(t, schema)
	r := NewRepo(db.DB)
	search(t, r, "ace", "Ada Lovelace", "Grace Hopper")
	search(t, r, "han", "Brian Kernighan", "Siobhan O'Brien")
	search(t, r, "nobody")
	got, err := r.Search(context.Background(), "Hopper")
	if err != nil || len(got) != 1 || got[0].ID != 4 || got[0].Email != "grace@example.com" {
		t.Fatalf("Search(\"Hopper\") = %+v, %v; want Grace Hopper's id and email", got, err)
	}
	db.AssertNoLeakedConns(t)
}

func TestSearchUnionInjectionLeaksNothing(t *testing.T) {
	db := harness.OpenDB(t, schema)
	r := NewRepo(db.DB)
	term := "zzz%' UNION SELECT id, username, password_hash FROM staff --"
	got, _ := r.Search(context.Background(), term)
	for _, c := range got {
		if strings.HasPrefix(c.Email, "$2a$") {
			t.Fatalf("Search(%q) returned staff account %q with its password hash %q: "+
				"the term was spliced into the SQL text, so a UNION read another table through the customer search", term, c.Name, c.Email)
		}
	}
	payload(t, r, term, "a UNION in the term read rows from another table")
}

func TestSearchAlwaysTrueInjection(t *testing.T) {
	db := harness.OpenDB(t, schema)
	payload(t, NewRepo(db.DB), "' OR '1'='1",
		"the quote in the term closed the SQL string literal and the rest rewrote the WHERE clause, so it matched every customer")
}

// SQLite has no backslash escapes: quoting the term any other way than
// binding it (Go's %q, backslash-escaping) leaves a double quote or a
// backslash that ends the literal.
func TestSearchDoubleQuoteInjection(t *testing.T) {
	db := harness.OpenDB(t, schema)
	payload(t, NewRepo(db.DB), `x" OR 1=1 --`,
		"the double quote in the term closed the quoted pattern and OR 1=1 matched every customer")
	payload(t, NewRepo(db.DB), `x\' OR 1=1 --`,
		"the term's own quote, after a backslash escape SQLite does not know, closed the pattern and OR 1=1 matched every customer")
}

func TestSearchStackedQueryCannotDropTables(t *testing.T) {
	db := harness.OpenDB(t, schema)
	r := NewRepo(db.DB)
	term := "x'; DROP TABLE customers; --"
	r.Search(context.Background(), term)
	if n := db.Int(t, `SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = 'customers'`); n != 1 {
		t.Fatalf("the customers table is gone after Search(%q): the term ended the SELECT and ran its own DROP TABLE", term)
	}
	if n := db.Int(t, `SELECT COUNT(*) FROM customers`); n != 5 {
		t.Fatalf("%d customers left after Search(%q), want 5", n, term)
	}
	db.AssertNoLeakedConns(t)
}

func TestSearchNameWithApostrophe(t *testing.T) {
	db := harness.OpenDB(t, schema)
	r := NewRepo(db.DB)
	got, err := r.Search(context.Background(), "O'Brien")
	if err != nil {
		t.Fatalf("Search(\"O'Brien\") failed: %v. An apostrophe in a customer's name must not break the search", err)
	}
	if len(got) != 1 || got[0].Name != "Siobhan O'Brien" {
		t.Fatalf("Search(\"O'Brien\") = %q, want [\"Siobhan O'Brien\"]", names(got))
	}
}

// payload runs an attack through the search box: the search may fail or
// find nothing, but it must never return rows the term does not match.
func payload(t *testing.T, r *Repo, term, consequence string) {
	t.Helper()
	got, err := r.Search(context.Background(), term)
	if err == nil && len(got) > 0 {
		t.Fatalf("Search(%q) returned %d rows: %+v\nno customer's name contains that text: %s", term, len(got), got, consequence)
	}
}
