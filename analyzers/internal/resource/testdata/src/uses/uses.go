// Package uses learns what its helpers do only from helpers' facts.
package uses

import (
	"context"
	"database/sql"
	"net/http"

	"helpers"
)

func Done(rows *sql.Rows) { // want Done:"closesParam\\(0\\)"
	helpers.CloseRows(rows)
}

func Stash(rows *sql.Rows) { // no fact: helpers.Keep stores it
	helpers.Keep(rows)
}

func Size(rows *sql.Rows) (int, error) { // want Size:"borrowsParam\\(0\\)"
	return helpers.Count(rows)
}

func Open(ctx context.Context, db *sql.DB) (*sql.Rows, error) { // want Open:"returnsResource\\(0\\)"
	return helpers.Active(ctx, db)
}

func Fetch(ctx context.Context, c *http.Client) (*http.Response, error) { // want Fetch:"returnsResource\\(0\\)"
	return helpers.Get(ctx, c, "https://example.com")
}

func Finish(resp *http.Response) { // want Finish:"closesParam\\(0\\)"
	helpers.Drain(resp.Body)
}
