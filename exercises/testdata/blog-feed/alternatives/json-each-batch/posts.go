package posts

import (
	"context"
	"database/sql"
	"encoding/json"
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
	posts, err := newestPosts(ctx, db, limit)
	if err != nil || len(posts) == 0 {
		return posts, err
	}

	ids := make([]int64, len(posts))
	for i, p := range posts {
		ids[i] = p.AuthorID
	}
	list, err := json.Marshal(ids)
	if err != nil {
		return nil, err
	}
	// One statement text for every page size, so the server's statement
	// cache keeps a single plan.
	rows, err := db.QueryContext(ctx,
		`SELECT id, name FROM users WHERE id IN (SELECT value FROM json_each(?))`, string(list))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	names := map[int64]string{}
	for rows.Next() {
		var id int64
		var name string
		if err := rows.Scan(&id, &name); err != nil {
			return nil, err
		}
		names[id] = name
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}

	for i := range posts {
		if name, ok := names[posts[i].AuthorID]; ok {
			posts[i].Author = name
		} else {
			posts[i].Author = "[deleted]"
		}
	}
	return posts, nil
}

func newestPosts(ctx context.Context, db *sql.DB, limit int) ([]Post, error) {
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
	return posts, rows.Err()
}
