package posts

import (
	"context"
	"database/sql"
	"strings"
)

// Post is one entry of the home feed.
type Post struct {
	ID       int64
	Title    string
	AuthorID int64
	Author   string // display name, "[deleted]" when the account is gone
}

// PostsWithAuthors returns the newest published posts, newest first, each
// with its author's display name.
func PostsWithAuthors(ctx context.Context, db *sql.DB, limit int) ([]Post, error) {
	rows, err := db.QueryContext(ctx, `
		SELECT id, title, author_id FROM posts
		WHERE published = 1
		ORDER BY created_at DESC, id DESC
		LIMIT ?`, limit)
	if err != nil {
		return nil, err
	}
	defer rows.Close()

	var posts []Post
	for rows.Next() {
		var p Post
		if err := rows.Scan(&p.ID, &p.Title, &p.AuthorID); err != nil {
			return nil, err
		}
		posts = append(posts, p)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if len(posts) == 0 {
		return posts, nil
	}

	names, err := authorNames(ctx, db, posts)
	if err != nil {
		return nil, err
	}
	for i := range posts {
		name, ok := names[posts[i].AuthorID]
		if !ok {
			name = "[deleted]"
		}
		posts[i].Author = name
	}
	return posts, nil
}

// authorNames loads the display name of every distinct author of posts in
// one statement.
func authorNames(ctx context.Context, db *sql.DB, posts []Post) (map[int64]string, error) {
	seen := make(map[int64]bool, len(posts))
	var ids []any
	for _, p := range posts {
		if !seen[p.AuthorID] {
			seen[p.AuthorID] = true
			ids = append(ids, p.AuthorID)
		}
	}
	q := `SELECT id, name FROM users WHERE id IN (?` + strings.Repeat(",?", len(ids)-1) + `)`
	rows, err := db.QueryContext(ctx, q, ids...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	names := make(map[int64]string, len(ids))
	for rows.Next() {
		var id int64
		var name string
		if err := rows.Scan(&id, &name); err != nil {
			return nil, err
		}
		names[id] = name
	}
	return names, rows.Err()
}
