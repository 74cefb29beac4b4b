package activity

import (
	"context"
	"database/sql"
	"time"
)

// Event is one entry of an account's activity feed.
type Event struct {
	ID   int64
	Kind string
}

// Feed streams activity events to live clients by polling the events table.
type Feed struct {
	db       *sql.DB
	interval time.Duration
}

// New returns a Feed that polls db every interval.
func New(db *sql.DB, interval time.Duration) *Feed {
	return &Feed{db: db, interval: interval}
}

// Subscribe streams the account's events with an ID above afterID, oldest
// first. The SSE handler ranges over the channel with the request's
// context: the stream ends, and the channel is closed, when ctx is done.
func (f *Feed) Subscribe(ctx context.Context, accountID, afterID int64) <-chan Event {
	out := make(chan Event)
	// End the stream when the client goes away.
	context.AfterFunc(ctx, func() { close(out) })
	go func() {
		ticker := time.NewTicker(f.interval)
		defer ticker.Stop()
		last := afterID
		for range ticker.C {
			events, err := f.since(ctx, accountID, last)
			if err != nil {
				continue // transient: try again on the next tick
			}
			for _, e := range events {
				out <- e
				last = e.ID
			}
		}
	}()
	return out
}

func (f *Feed) since(ctx context.Context, accountID, afterID int64) ([]Event, error) {
	rows, err := f.db.QueryContext(ctx,
		`SELECT id, kind FROM events WHERE account_id = ? AND id > ? ORDER BY id LIMIT 100`, accountID, afterID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var events []Event
	for rows.Next() {
		var e Event
		if err := rows.Scan(&e.ID, &e.Kind); err != nil {
			return nil, err
		}
		events = append(events, e)
	}
	return events, rows.Err()
}
