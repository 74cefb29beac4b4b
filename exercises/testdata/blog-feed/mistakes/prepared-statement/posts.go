package posts

import (
	"context"
	"database/sql"
	"errors"
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

	// Parse the author lookup once and reuse it for every post.
	stmt, err := db.PrepareContext(ctx, `SELECT name FROM users WHERE id = ?`)
	if err != nil {
		return nil, err
	}
	defer stmt.Close()
	for i := range posts {
		err := stmt.QueryRowContext(ctx, posts[i].AuthorID).Scan(&posts[i].Author)
		if errors.Is(err, sql.ErrNoRows) {
			posts[i].Author = "[deleted]"
			continue
		}
		if err != nil {
			return nil, err
		}
	}
	return posts, nil
}
