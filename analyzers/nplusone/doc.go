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
//   - Loops over a local variable declared from a non-empty literal and
//     never written again (tables := []string{"feeds", "entries"}): a
//     fixed list written in the source, like a literal in the range.
//
// When the text is not known (built elsewhere, passed in), a Query or
// QueryRow counts as a read and an Exec as a write, as the method says.
//
// A transaction per element is reported too: a loop over a collection
// whose body begins a transaction (Begin, BeginTx, sqlx's Beginx and
// MustBegin), runs a statement that depends on the element through it,
// directly or through a helper it is handed to, commits it, and returns an
// error (or returns under an err != nil check) when an element fails.
// Each element pays its own BEGIN and COMMIT, and a failure half-way
// leaves the earlier elements committed while the caller gets an error.
// One transaction around the loop, or one batch statement, fixes both.
//
// Not reported, on purpose, of transactions begun in a loop:
//
//   - Loops that are not over a collection, as above: a worker taking
//     one job per iteration (for { job := next() }, a channel, claimed
//     rows), a retry loop around one transaction, a literal list, and a
//     local variable declared from a literal and never written again.
//   - A Begin that does not run on every iteration: under an if (one
//     transaction per chunk of 500 rows is how large imports are
//     batched), inside a retry loop nested in the element loop, or
//     followed by a return (the loop stops at the first element it acts
//     on).
//   - A transaction per shard or database (the handle changes with the
//     loop), one that nothing of the element goes through, one that is
//     never committed in the loop (a read-only snapshot rolled back), and
//     a migration or script runner (the text, or the code run, comes from
//     the element: m.Up(tx), tx.Exec(script)).
//   - A body that skips failed elements and goes on (log and continue):
//     each element is meant to commit on its own.
//   - A body that does work a rollback cannot undo: an HTTP client call,
//     a dial, SMTP, a command, or a call to a function named for a
//     delivery or a download (send, deliver, notify, publish, mail,
//     fetch, download, ...) that is not known to run SQL. Each record of
//     a delivery belongs to its own transaction.
//   - main and init, which run once before anything is served, and test
//     code.
//   - A transaction begun by a helper (store.WithTx(ctx, func(tx) ...),
//     or a repository method that opens its own): whether it joins an
//     outer transaction is the helper's business, not visible at the
//     loop.
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
