package posts

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"drill.workspace/harness"
)

const schema = `
CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT NOT NULL);
CREATE TABLE posts (
	id INTEGER PRIMARY KEY,
	title TEXT NOT NULL,
	author_id INTEGER NOT NULL,
	published INTEGER NOT NULL DEFAULT 1,
	created_at INTEGER NOT NULL
);`

// seed stores nAuthors users and nPosts published posts spread over them
// round-robin, plus two drafts. Post i is created at time 1000+i/2, so pairs
// of posts share a timestamp and the id decides their order.
func seed(t *testing.T, db *harness.DB, nAuthors, nPosts int) []Post {
	t.Helper()
	for a := 1; a <= nAuthors; a++ {
		db.MustExec(t, `INSERT INTO users (id, name) VALUES (?, ?)`, a, fmt.Sprintf("author-%d", a))
	}
	var want []Post
	for i := 1; i <= nPosts; i++ {
		author := int64((i-1)%nAuthors + 1)
		title := fmt.Sprintf("post %d", i)
		db.MustExec(t, `INSERT INTO posts (id, title, author_id, published, created_at) VALUES (?, ?, ?, 1, ?)`,
			i, title, author, 1000+i/2)
		want = append(want, Post{ID: int64(i), Title: title, AuthorID: author, Author: fmt.Sprintf("author-%d", author)})
	}
	// Drafts: newest of all, but never in the feed.
	db.MustExec(t, `INSERT INTO posts (id, title, author_id, published, created_at) VALUES (?, 'draft a', 1, 0, 99999), (?, 'draft b', 2, 0, 99998)`,
		nPosts+1, nPosts+2)
	// Newest first: reverse insertion order (created_at ascending with id, ties broken by id DESC).
	for i, j := 0, len(want)-1; i < j; i, j = i+1, j-1 {
		want[i], want[j] = want[j], want[i]
	}
	return want
}

func comparePosts(t *testing.T, got, want []Post) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("PostsWithAuthors returned %d posts, want %d:\n got %+v\nwant %+v", len(got), len(want), got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("feed entry %d = %+v, want %+v (feed must be newest first, with each post's own author)", i, got[i], want[i])
		}
	}
}

func TestPostsWithAuthorsQueryCount(t *testing.T) {
	db := harness.OpenDB(t, schema)
	seed(t, db, 10, 50)
	db.ResetQueries()

	posts, err := PostsWithAuthors(context.Background(), db.DB, 50)
	if err != nil {
		t.Fatalf("PostsWithAuthors: %v", err)
	}
	if len(posts) != 50 {
		t.Fatalf("PostsWithAuthors returned %d posts, want 50", len(posts))
	}
	if n := db.QueryCount(); n > 2 {
		t.Fatalf("PostsWithAuthors ran %d queries for %d posts: one per post (N+1). The feed page costs a round trip and a pool checkout per entry; load the author names with a JOIN or one batched IN (...) query. Statements sent:\n  %s",
			n, len(posts), strings.Join(firstN(db.Queries(), 4), "\n  "))
	}
	db.AssertNoLeakedConns(t)
}

func TestPostsWithAuthorsQueryCountSmallPage(t *testing.T) {
	db := harness.OpenDB(t, schema)
	seed(t, db, 3, 10)
	db.ResetQueries()

	posts, err := PostsWithAuthors(context.Background(), db.DB, 10)
	if err != nil {
		t.Fatalf("PostsWithAuthors: %v", err)
	}
	if n := db.QueryCount(); n > 2 {
		t.Fatalf("PostsWithAuthors ran %d queries for %d posts: one per post (N+1)", n, len(posts))
	}
}

func TestPostsWithAuthorsResult(t *testing.T) {
	db := harness.OpenDB(t, schema)
	want := seed(t, db, 4, 12)

	got, err := PostsWithAuthors(context.Background(), db.DB, 50)
	if err != nil {
		t.Fatalf("PostsWithAuthors: %v", err)
	}
	comparePosts(t, got, want)
	db.AssertNoLeakedConns(t)
}

func TestPostsWithAuthorsLimit(t *testing.T) {
	db := harness.OpenDB(t, schema)
	want := seed(t, db, 4, 12)

	got, err := PostsWithAuthors(context.Background(), db.DB, 5)
	if err != nil {
		t.Fatalf("PostsWithAuthors: %v", err)
	}
	comparePosts(t, got, want[:5])
}

func TestPostsWithAuthorsDeletedAuthor(t *testing.T) {
	db := harness.OpenDB(t, schema)
	want := seed(t, db, 3, 6)
	// The newest post belongs to an account that was deleted since.
	db.MustExec(t, `INSERT INTO posts (id, title, author_id, published, created_at) VALUES (100, 'orphan', 77, 1, 5000)`)
	want = append([]Post{{ID: 100, Title: "orphan", AuthorID: 77, Author: "[deleted]"}}, want...)

	got, err := PostsWithAuthors(context.Background(), db.DB, 50)
	if err != nil {
		t.Fatalf("PostsWithAuthors: %v", err)
	}
	if len(got) == len(want)-1 {
		t.Fatalf("the post whose author was deleted vanished from the feed (an inner JOIN drops it; keep it with the author shown as \"[deleted]\")")
	}
	comparePosts(t, got, want)
}

func TestPostsWithAuthorsEmpty(t *testing.T) {
	db := harness.OpenDB(t, schema)
	got, err := PostsWithAuthors(context.Background(), db.DB, 50)
	if err != nil {
		t.Fatalf("PostsWithAuthors on an empty blog: %v", err)
	}
	if len(got) != 0 {
		t.Fatalf("PostsWithAuthors on an empty blog returned %+v, want no posts", got)
	}
	db.AssertNoLeakedConns(t)
}

func firstN(s []string, n int) []string {
	if len(s) > n {
		return append(s[:n:n], fmt.Sprintf("... (%d more)", len(s)-n))
	}
	return s
}
