// Package importer is an OPML-style import: one loop calls several helpers
// that query per subscription. It is one problem with one fix, so it is
// reported once, at the first call, naming the others.
package importer

import (
	"database/sql"
	"errors"
)

type Store struct {
	db *sql.DB
}

type Subscription struct {
	FeedURL  string
	Category string
	Title    string
}

func (s *Store) FeedURLExists(userID int64, url string) bool { // want FeedURLExists:"mayQuery key\\[1\\]=user_id key\\[2\\]=feed_url"
	var ok bool
	s.db.QueryRow(`SELECT true FROM feeds WHERE user_id=$1 AND feed_url=$2 LIMIT 1`, userID, url).Scan(&ok)
	return ok
}

func (s *Store) CategoryByTitle(userID int64, title string) (int64, error) { // want CategoryByTitle:"mayQuery key\\[1\\]=user_id key\\[2\\]=title"
	var id int64
	err := s.db.QueryRow(`SELECT id FROM categories WHERE user_id=$1 AND title=$2`, userID, title).Scan(&id)
	return id, err
}

func (s *Store) CreateFeed(userID, categoryID int64, sub Subscription) (int64, error) { // want CreateFeed:"mayExec"
	var id int64
	err := s.db.QueryRow(`INSERT INTO feeds (user_id, category_id, feed_url, title) VALUES ($1, $2, $3, $4) RETURNING id`,
		userID, categoryID, sub.FeedURL, sub.Title).Scan(&id)
	return id, err
}

// Import checks, resolves and creates each subscription's feed: two reads
// per element, one finding; the INSERT of a new feed is not one of them.
func (s *Store) Import(userID int64, subs []Subscription) error { // want Import:"queriesInLoop mayExec"
	for _, sub := range subs {
		if s.FeedURLExists(userID, sub.FeedURL) { // want `FeedURLExists runs a query once per element of subs \(N\+1\): fetch them in one query with WHERE feed_url IN \(\.\.\.\) \(or feed_url = ANY\(\$1\) on PostgreSQL\); and 1 more call in this loop that queries per element: CategoryByTitle \(line 47\)$`
			continue
		}
		cat, err := s.CategoryByTitle(userID, sub.Category)
		if err != nil {
			return err
		}
		if _, err := s.CreateFeed(userID, cat, sub); err != nil {
			return errors.New("unable to create feed " + sub.FeedURL)
		}
	}
	return nil
}

// Titles has two loops, each with its own per-element read: one finding
// each.
func (s *Store) Titles(userID int64, a, b []Subscription) error { // want Titles:"queriesInLoop"
	for _, sub := range a {
		s.FeedURLExists(userID, sub.FeedURL) // want `FeedURLExists runs a query once per element of a \(N\+1\): fetch them in one query with WHERE feed_url IN \(\.\.\.\) \(or feed_url = ANY\(\$1\) on PostgreSQL\)$`
	}
	for _, sub := range b {
		s.FeedURLExists(userID, sub.FeedURL) // want `FeedURLExists runs a query once per element of b`
	}
	return nil
}
