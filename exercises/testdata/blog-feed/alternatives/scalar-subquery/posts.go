package posts

import (
	"context"
	"database/sql"
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
	// The subquery yields NULL when the account is gone.
	rows, err := db.QueryContext(ctx, `
		SELECT id, title, author_id,
		       COALESCE((SELECT name FROM users WHERE users.id = posts.author_id), '[deleted]')
		FROM posts
		WHERE published = 1
		ORDER BY created_at DESC, id DESC
		LIMIT ?`, limit)
	if err != nil {
		return nil, err
	}
	defer rows.Close()

	posts := make([]Post, 0, limit)
	for rows.Next() {
		var p Post
		if err := rows.Scan(&p.ID, &p.Title, &p.AuthorID, &p.Author); err != nil {
			return nil, err
		}
		posts = append(posts, p)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	return posts, nil
}
