package activity

import (
	"context"
	"fmt"
	"testing"
	"time"

	"drill.workspace/harness"
)

const schema = `CREATE TABLE events (id INTEGER PRIMARY KEY, account_id INTEGER NOT NULL, kind TEXT NOT NULL);`

const poll = 5 * time.Millisecond

func addEvents(t *testing.T, db *harness.DB, account int64, kinds ...string) {
	t.Helper()
	for _, k := range kinds {
		db.MustExec(t, `INSERT INTO events (account_id, kind) VALUES (?, ?)`, account, k)
	}
}

// next receives one event or fails the test after a second.
func next(t *testing.T, ch <-chan Event) Event {
	t.Helper()
	select {
	case e, ok := <-ch:
		if !ok {
			t.Fatal("the subscription's channel was closed while its context was still live")
		}
		return e
	case <-time.After(time.Second):
		t.Fatal("no event arrived within 1s although one was waiting in the table")
	}
	return Event{}
}

// waitClosed drains ch and fails the test unless it is closed within a second.
func waitClosed(t *testing.T, ch <-chan Event) {
	t.Helper()
	deadline := time.After(time.Second)
	for {
		select {
		case _, ok := <-ch:
			if !ok {
				return
			}
		case <-deadline:
			t.Fatal("the channel was still open 1s after the subscriber's context was cancelled: " +
				"the SSE handler ranging over it never returns, and the polling goroutine runs on for as long as the process lives")
		}
	}
}

func TestSubscriptionEndsWithItsContext(t *testing.T) {
	db := harness.OpenDB(t, schema)
	addEvents(t, db, 1, "login", "invoice.paid")
	g := harness.TrackGoroutines()

	ctx, cancel := context.WithCancel(context.Background())
	ch := New(db.DB, poll).Subscribe(ctx, 1, 0)
	next(t, ch)
	next(t, ch)
	cancel() // the client disconnected
	waitClosed(t, ch)
	g.Check(t)
}

func TestSubscriptionCancelledWithEventsPending(t *testing.T) {
	db := harness.OpenDB(t, schema)
	addEvents(t, db, 1, "a", "b", "c", "d", "e")
	g := harness.TrackGoroutines()

	ctx, cancel := context.WithCancel(context.Background())
	ch := New(db.DB, poll).Subscribe(ctx, 1, 0)
	next(t, ch)
	// The client goes away without reading the other four events: the
	// feed's goroutine must not wait for a reader that will never come.
	cancel()
	g.Check(t)
	db.AssertNoLeakedConns(t)
}

func TestManySubscribersComeAndGo(t *testing.T) {
	db := harness.OpenDB(t, schema)
	addEvents(t, db, 7, "x")
	g := harness.TrackGoroutines()
	feed := New(db.DB, poll)
	harness.Concurrently(32, func(int) {
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		ch := feed.Subscribe(ctx, 7, 0)
		select {
		case <-ch:
		case <-time.After(2 * time.Second):
		}
	})
	g.Check(t)
}

func TestSubscriptionDeliversOwnEventsInOrder(t *testing.T) {
	db := harness.OpenDB(t, schema)
	addEvents(t, db, 1, "old-1", "old-2") // ids 1, 2: before afterID
	addEvents(t, db, 2, "other-account")  // id 3
	addEvents(t, db, 1, "new-1")          // id 4
	g := harness.TrackGoroutines()

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	ch := New(db.DB, poll).Subscribe(ctx, 1, 2)
	var got []string
	got = append(got, fmt.Sprint(next(t, ch)))
	addEvents(t, db, 2, "other-again") // id 5
	addEvents(t, db, 1, "new-2")       // id 6: arrives on a later poll
	got = append(got, fmt.Sprint(next(t, ch)))
	if want := "[{4 new-1} {6 new-2}]"; fmt.Sprint(got) != want {
		t.Fatalf("Subscribe(account 1, after 2) delivered %v, want %v (only the account's own events above afterID, oldest first)", got, want)
	}
	select {
	case e := <-ch:
		t.Fatalf("Subscribe delivered %+v after the last event: an event was sent twice or belongs to another account", e)
	case <-time.After(50 * time.Millisecond):
	}
	cancel()
	waitClosed(t, ch)
	g.Check(t)
}
