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

	// Popular authors write several posts per page: fetch each name once.
	names := map[int64]string{}
	for i := range posts {
		id := posts[i].AuthorID
		if name, ok := names[id]; ok {
			posts[i].Author = name
			continue
		}
		var name string
		err := db.QueryRowContext(ctx, `SELECT name FROM users WHERE id = ?`, id).Scan(&name)
		if errors.Is(err, sql.ErrNoRows) {
			name = "[deleted]"
		} else if err != nil {
			return nil, err
		}
		names[id] = name
		posts[i].Author = name
	}
	return posts, nil
}
