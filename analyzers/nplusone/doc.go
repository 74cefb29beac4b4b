// Package nplusone reports a database query executed once per element of a
// collection (the N+1 query pattern), including queries hidden behind
// helpers in the same or another package.
//
// # Analyzer nplusone
//
// nplusone: query run once per element of a collection (N+1)
//
// A query inside a loop over a slice, a map or another query's rows costs one
// database round trip per element: 50 posts become 51 queries, each waiting
// on the network and holding a pooled connection. It looks fine against a
// laptop database with ten rows and becomes the slowest endpoint in
// production. Queries hidden in helpers (loadAuthor, repo.FindUser) count
// too. Writes count when every iteration applies the same change to one row
// keyed by the element (UPDATE ... SET archived = 1 WHERE id = ?, DELETE
// ... WHERE id = ?), which one WHERE id IN (...) statement replaces.
//
// Statements are judged by their SQL text where it is known, not by the
// method that sends them: a constant, a package-level variable, text
// built from a constant prefix, or the text a *sql.Stmt was prepared with
// (also through sqlx-style wrappers, and through a struct field that this
// package only ever assigns from such a Prepare). When the text reads
// WHERE col = ? and the element fills that placeholder, the message names
// the batch: WHERE col IN (...), or col = ANY($1) on PostgreSQL. A loop
// that calls several helpers that each query per element is reported
// once, at the first call, naming the others.
//
// Not reported, on purpose:
//
//   - An INSERT per element, with or without RETURNING, an upsert (ON
//     CONFLICT, REPLACE, MERGE) or INSERT ... SELECT: each iteration writes
//     a distinct row, often needing its new id back, and no JOIN or IN
//     rewrite of the loop exists. A helper whose statements are only such
//     writes (createEnclosure, deliver) is not a query per element either.
//   - Other writes that carry different values per element (SET views =
//     views + ?), or whose per-element value is not the WHERE key (UPDATE
//     schema_version SET version = ?): no single statement replaces them.
//   - Writes through a prepared statement: Prepare once and Exec per row
//     inside one transaction is the recommended way to write a batch.
//   - Loops that are not over a collection: retry loops, keyset
//     pagination, for { job := next() } and receives from a channel, and a
//     for rows.Next() over jobs a statement has just claimed (UPDATE or
//     DELETE ... RETURNING, SELECT ... FOR UPDATE SKIP LOCKED): a queue
//     worker processes one job per iteration.
//   - Migration and script runners, whose statement text comes from the
//     element (a file, a step), and the bookkeeping they do per statement;
//     loops over literal lists of statements or seed rows.
//   - Fan-outs that run one query per shard or replica handle, and chunked
//     loops that send one IN list per chunk of ids.
//   - Callers of a helper whose reads all run inside the helper's own loop
//     over a collection (createFeed checking each of its entries): that
//     loop is where the query repeats, and it is judged there. A helper
//     that fans out over shards still reads on every call.
//   - Loops in _test.go files, which seed fixtures.
//
// When the text is not known (built elsewhere, passed in), a Query or
// QueryRow counts as a read and an Exec as a write, as the method says.
//
// Bad:
//
//	for i := range posts {
//		err := db.QueryRowContext(ctx,
//			"SELECT name FROM users WHERE id = ?", posts[i].AuthorID).
//			Scan(&posts[i].AuthorName)
//		...
//	}
//
// Good:
//
//	rows, err := db.QueryContext(ctx,
//		"SELECT p.id, p.title, u.name FROM posts p JOIN users u ON u.id = p.author_id")
//	// or collect the ids and run one "WHERE id IN (?, ?, ...)" query
package nplusone
