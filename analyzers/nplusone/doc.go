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
// too. Writes count when every iteration applies the same change to one id
// (UPDATE ... WHERE id = ?), which one WHERE id IN (...) statement replaces.
// Retry loops, keyset pagination, fan-outs over shards, chunked IN lists and
// migration loops that run a list of statements are not reported.
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
