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
	rows, err := db.QueryContext(ctx, `
		SELECT p.id, p.title, p.author_id, u.name
		FROM posts p
		JOIN users u ON u.id = p.author_id
		WHERE p.published = 1
		ORDER BY p.created_at DESC, p.id DESC
		LIMIT ?`, limit)
	if err != nil {
		return nil, err
	}
	defer rows.Close()

	var posts []Post
	for rows.Next() {
		var p Post
		if err := rows.Scan(&p.ID, &p.Title, &p.AuthorID, &p.Author); err != nil {
			return nil, err
		}
		posts = append(posts, p)
	}
	return posts, rows.Err()
}
